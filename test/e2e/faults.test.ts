/**
 * End to end under faults: the CLI scans `mixedRegions` once without faults, then with injected faults
 * (`--max-attempts 2`). The cells a fault touches must turn `unknown` with the AWS error code and IAM
 * action; every other cell must keep its fault-free status. Never a false fail.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Result } from '../../src/evidence/schema.js';
import { cliBuilt } from '../support/cli.js';
import { type AccountScenario, type Emulator, startAwsEmulator } from '../support/proxy.js';
import { mixedRegions, seedScenario } from '../support/seed.js';
import { changed, index, type ScanRun, scanWith } from './helpers.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';
const ACCOUNT = '123456789012';

function find(results: readonly Result[], checkId: string, region: string): Result[] {
  return results.filter((r) => r.checkId === checkId && r.region === region);
}

describe('e2e: faults', { skip }, () => {
  let emu: Emulator;
  let baseline: ScanRun;
  let seeded: AccountScenario = {};

  before(async () => {
    emu = await startAwsEmulator();
    await seedScenario(emu, mixedRegions);
    // The account's proxy data as seeded (the scenario's, plus the App Runner, Amplify and Verified Access
    // resources seeding adds): configure() replaces it whole, so faults add to it and restore it.
    seeded = emu.config().accounts?.[ACCOUNT] ?? {};
    baseline = await scanWith(emu, ['--max-attempts', '2']);
    assert.equal(baseline.code, 3, baseline.stderr);
  });
  after(async () => {
    await emu?.stop();
  });

  test('independent faults at once: AccessDenied, 500, persistent throttling, garbage, reset, Basic plan', async () => {
    // configured over HTTP, as a test driving a subprocess would
    const res = await fetch(`${emu.endpoint}/__emulator/config`, {
      method: 'POST',
      body: JSON.stringify({
        faults: [
          { region: 'eu-west-1', service: 'guardduty', operation: 'ListDetectors', fault: 'access-denied' },
          {
            region: 'us-east-1',
            service: 'inspector2',
            operation: 'BatchGetAccountStatus',
            fault: 'server-error',
          },
          { region: 'us-east-1', service: 'macie2', operation: 'GetMacieSession', fault: 'throttle' },
          { service: 'cloudfront', operation: 'ListDistributions', fault: 'malformed' },
          { service: 'shield', fault: 'reset' },
        ],
        accounts: { [ACCOUNT]: { ...seeded, supportPlan: 'basic', shield: 'INACTIVE' } },
      }),
    });
    assert.equal(res.status, 200);
    let run: ScanRun;
    try {
      run = await scanWith(emu, ['--max-attempts', '2']);
    } finally {
      emu.configure({ faults: [], accounts: { [ACCOUNT]: seeded } });
    }
    assert.ok(run.code === 3 || run.code === 0, run.stderr);

    const cause = (checkId: string, region: string) => {
      const hits = find(run.results, checkId, region);
      assert.equal(hits.length, 1, `${checkId} ${region}`);
      assert.equal(hits[0]!.status, 'unknown', `${checkId} ${region}: ${hits[0]!.detail}`);
      return hits[0]!.cause!;
    };
    const gd = cause('guardduty.enabled', 'eu-west-1');
    assert.equal(gd.code, 'AccessDeniedException');
    assert.equal(gd.action, 'guardduty:ListDetectors');
    assert.equal(gd.kind, 'access-denied');
    const insp = cause('inspector.enabled', 'us-east-1');
    assert.equal(insp.kind, 'server-error');
    assert.equal(insp.action, 'inspector2:BatchGetAccountStatus');
    const macie = cause('macie.enabled', 'us-east-1');
    assert.equal(macie.kind, 'throttled');
    assert.equal(macie.code, 'ThrottlingException');
    assert.equal(cause('waf.cloudfront', 'global').action, 'cloudfront:ListDistributions');
    const shield = cause('shield.advanced', 'global');
    assert.equal(shield.kind, 'network');
    assert.equal(shield.action, 'shield:GetSubscriptionState');
    // Basic plan: one unknown Trusted Advisor verdict saying so, never a fail
    const ta = run.results.filter((r) => r.checkId === 'trustedadvisor.security-checks');
    assert.equal(ta.length, 1);
    assert.equal(ta[0]!.status, 'unknown');
    assert.equal(ta[0]!.cause?.kind, 'subscription-required');
    assert.equal(ta[0]!.cause?.code, 'SubscriptionRequiredException');

    // everything the faults did not touch is unchanged
    const touched = (k: string) =>
      k.startsWith('trustedadvisor.') ||
      k.startsWith('guardduty.enabled|eu-west-1|') ||
      k.startsWith('guardduty.protection-plans|eu-west-1|') ||
      k.startsWith('guardduty.org-auto-enable|eu-west-1|') ||
      k.startsWith('inspector.enabled|us-east-1|') ||
      k.startsWith('inspector.scan-types|us-east-1|') ||
      k.startsWith('inspector.coverage|us-east-1|') || // read only where Inspector's status is known
      k.startsWith('macie.enabled|us-east-1|') ||
      k.startsWith('macie.analysis|us-east-1|') || // read only where Macie is known to be enabled
      k.startsWith('waf.cloudfront|') ||
      k.startsWith('waf.logging|global|') || // the CloudFront web ACLs are not listed
      k.startsWith('shield.'); // every Shield call is reset: its Shield Advanced checks too
    const diff = changed(baseline.results, run.results);
    assert.deepEqual(
      diff.filter((k) => !touched(k)),
      [],
      'only the faulted cells may change',
    );
    const after = index(run.results);
    for (const k of diff) {
      const r = after.get(k);
      if (r) assert.equal(r.status, 'unknown', `${k} changed to ${r.status}`);
    }
    assert.ok(!run.results.some((r) => r.status === 'fail' && r.cause !== null));
  });

  test('an unreachable region: its cells are unknown, the other regions are unchanged', async () => {
    emu.configure({ faults: [{ region: 'ap-southeast-2', fault: 'region-disabled' }] });
    let run: ScanRun;
    try {
      run = await scanWith(emu, ['--max-attempts', '2']);
    } finally {
      emu.clearFaults();
    }
    const inRegion = run.results.filter((r) => r.region === 'ap-southeast-2');
    assert.ok(inRegion.length > 0, 'the region still has verdicts');
    for (const r of inRegion) {
      // Relevance first: an account-wide inventory read elsewhere (S3's bucket list) can still prove that
      // nothing in the region needs the service; the result then says which read failed there.
      if (r.status === 'not_applicable') {
        assert.match(
          r.detail,
          /UnrecognizedClientException|InvalidClientTokenId|AuthFailure|holds no S3 bucket/,
          r.checkId,
        );
        continue;
      }
      assert.equal(r.status, 'unknown', `${r.checkId}: ${r.detail}`);
      assert.ok(r.cause, `${r.checkId} has a cause`);
      // The answer AWS gives for a region the account cannot use depends on the protocol (see proxy.ts).
      assert.ok(
        ['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure'].includes(r.cause!.code),
        `${r.checkId}: ${r.cause!.code}`,
      );
    }
    const diff = changed(baseline.results, run.results);
    assert.deepEqual(
      // Account-wide CloudTrail checks read every region's trails: a region that could not be read may
      // hold the trail that records data events or Insights, so their fail becomes unknown (never a pass).
      diff.filter(
        (k) =>
          k.split('|')[1] !== 'ap-southeast-2' &&
          k !== 'cloudtrail.data-events|global|-' &&
          k !== 'cloudtrail.insights|global|-',
      ),
      [],
    );
    for (const id of ['cloudtrail.data-events', 'cloudtrail.insights']) {
      const r = run.results.find((x) => x.checkId === id)!;
      assert.ok(r.status === 'unknown' || r.status === 'fail', `${id}: ${r.status}`);
    }
  });

  test('transient throttling is retried and changes nothing', async () => {
    emu.configure({
      faults: [
        { service: 'guardduty', operation: 'GetDetector', fault: 'throttle', times: 1 },
        { service: 'ec2', operation: 'DescribeRegions', fault: 'throttle', times: 1 },
      ],
    });
    let run: ScanRun;
    try {
      run = await scanWith(emu, ['--max-attempts', '2']);
    } finally {
      emu.clearFaults();
    }
    assert.equal(run.code, baseline.code);
    assert.deepEqual(changed(baseline.results, run.results), []);
    assert.ok((emu.counts()['guardduty:GetDetector'] ?? 0) >= 3, 'the throttled call was retried');
  });
});
