/**
 * End to end: the built CLI scans the `mixedRegions` scenario (3 regions) through the emulator; every check
 * id gets the status the scenario implies; `assess` reproduces results.json byte for byte.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BundleSchema } from '../../src/evidence/schema.js';
import type { Status } from '../../src/evidence/status.js';
import { cliBuilt, runCli, tempDir } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import { mixedRegions, seedScenario, TEST_CREDENTIALS } from '../support/seed.js';
import { REGIONS, type ScanRun, scanWith } from './helpers.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';

/** [checkId, region, a fragment of the resource (null: no resource), expected status] */
const EXPECTED: [string, string, string | null, Status][] = [
  ['cloudtrail.enabled', 'us-east-1', null, 'pass'],
  ['cloudtrail.enabled', 'eu-west-1', null, 'pass'],
  ['cloudtrail.enabled', 'ap-southeast-2', null, 'pass'],
  ['cloudtrail.multi-region', 'global', null, 'pass'],
  ['cloudtrail.logging', 'us-east-1', 'trail/main-trail', 'pass'],
  ['cloudtrail.logging', 'eu-west-1', 'trail/old-eu-trail', 'fail'],
  // the trail's bucket exists, without a policy; a stopped trail delivers nothing
  ['cloudtrail.bucket', 'us-east-1', 'trail/main-trail', 'pass'],
  ['cloudtrail.bucket', 'eu-west-1', 'trail/old-eu-trail', 'not_applicable'],
  ['cloudtrail.log-validation', 'us-east-1', 'trail/main-trail', 'fail'],
  ['cloudtrail.log-validation', 'eu-west-1', 'trail/old-eu-trail', 'pass'],
  ['cloudtrail.kms-encryption', 'us-east-1', 'trail/main-trail', 'fail'],
  ['cloudtrail.kms-encryption', 'eu-west-1', 'trail/old-eu-trail', 'fail'],
  ['cloudtrail.cloudwatch-logs', 'us-east-1', 'trail/main-trail', 'fail'],
  ['cloudtrail.cloudwatch-logs', 'eu-west-1', 'trail/old-eu-trail', 'fail'],
  // new trail, no selectors: AWS default is all management events
  ['cloudtrail.management-events', 'global', null, 'pass'],
  // buckets and functions exist; no trail records their data events
  ['cloudtrail.data-events', 'global', null, 'fail'],
  ['cloudtrail.insights', 'global', null, 'fail'], // no trail has Insights
  ['trustedadvisor.security-checks', 'global', 'Amazon S3 Bucket Permissions', 'fail'],
  ['trustedadvisor.security-checks', 'global', 'IAM Access Key Rotation', 'pass'],
  ['inspector.enabled', 'us-east-1', null, 'pass'],
  ['inspector.enabled', 'eu-west-1', null, 'fail'], // off while an instance runs
  ['inspector.enabled', 'ap-southeast-2', null, 'not_applicable'], // no workloads
  ['inspector.scan-types', 'us-east-1', null, 'fail'], // EC2 only, Lambda exists
  ['inspector.scan-types', 'eu-west-1', null, 'not_applicable'],
  ['inspector.scan-types', 'ap-southeast-2', null, 'not_applicable'],
  ['inspector.coverage', 'us-east-1', null, 'pass'], // ListCoverage lists nothing INACTIVE
  ['inspector.coverage', 'eu-west-1', null, 'not_applicable'], // Inspector off
  ['inspector.coverage', 'ap-southeast-2', null, 'not_applicable'],
  ['macie.enabled', 'us-east-1', null, 'pass'],
  ['macie.enabled', 'eu-west-1', null, 'fail'], // off, buckets present
  ['macie.enabled', 'ap-southeast-2', null, 'not_applicable'], // off, no bucket
  ['macie.analysis', 'us-east-1', null, 'pass'], // automated discovery on (AWS default)
  ['macie.analysis', 'eu-west-1', null, 'not_applicable'], // Macie off
  ['macie.analysis', 'ap-southeast-2', null, 'not_applicable'],
  ['guardduty.enabled', 'us-east-1', null, 'pass'],
  ['guardduty.enabled', 'eu-west-1', null, 'fail'], // suspended
  ['guardduty.enabled', 'ap-southeast-2', null, 'fail'], // none: relevant in every region
  ['guardduty.protection-plans', 'us-east-1', null, 'fail'], // S3 protection off
  ['guardduty.protection-plans', 'eu-west-1', null, 'not_applicable'],
  ['guardduty.protection-plans', 'ap-southeast-2', null, 'not_applicable'],
  ['guardduty.org-auto-enable', 'us-east-1', null, 'not_applicable'], // not the delegated administrator
  ['guardduty.org-auto-enable', 'eu-west-1', null, 'not_applicable'],
  ['guardduty.org-auto-enable', 'ap-southeast-2', null, 'not_applicable'],
  ['waf.api-gateway', 'us-east-1', '/stages/prod', 'fail'],
  ['waf.api-gateway', 'eu-west-1', null, 'not_applicable'],
  ['waf.api-gateway', 'ap-southeast-2', null, 'not_applicable'],
  ['waf.alb', 'us-east-1', 'app/shop-public/', 'pass'],
  ['waf.alb', 'eu-west-1', 'app/eu-public/', 'fail'],
  ['waf.alb', 'ap-southeast-2', null, 'not_applicable'],
  ['waf.cloudfront', 'global', ':distribution/', 'fail'],
  ['waf.appsync', 'us-east-1', ':apis/', 'fail'],
  ['waf.appsync', 'eu-west-1', null, 'not_applicable'],
  ['waf.appsync', 'ap-southeast-2', null, 'not_applicable'],
  ['waf.cognito', 'us-east-1', null, 'not_applicable'],
  ['waf.cognito', 'eu-west-1', ':userpool/', 'pass'],
  ['waf.cognito', 'ap-southeast-2', null, 'not_applicable'],
  ['waf.app-runner', 'us-east-1', ':service/orders-web/', 'fail'], // orders-worker is private: not judged
  ['waf.app-runner', 'eu-west-1', null, 'not_applicable'],
  ['waf.app-runner', 'ap-southeast-2', null, 'not_applicable'],
  ['waf.amplify', 'us-east-1', null, 'not_applicable'],
  ['waf.amplify', 'eu-west-1', ':apps/d1a2b3c4e5f6g7', 'fail'],
  ['waf.amplify', 'ap-southeast-2', null, 'not_applicable'],
  ['waf.verified-access', 'us-east-1', ':verified-access-instance/vai-0a1b2c3d4e5f60718', 'pass'],
  ['waf.verified-access', 'eu-west-1', null, 'not_applicable'],
  ['waf.verified-access', 'ap-southeast-2', null, 'not_applicable'],
  ['waf.logging', 'us-east-1', '/webacl/shop-public-acl/', 'pass'], // seeded web ACLs log
  ['waf.logging', 'us-east-1', '/webacl/staff-portal-acl/', 'pass'],
  ['waf.logging', 'eu-west-1', ':regional/webacl/', 'pass'],
  ['waf.logging', 'ap-southeast-2', null, 'not_applicable'],
  ['shield.advanced', 'global', null, 'fail'],
  // no Shield Advanced subscription: its settings do not apply
  ['shield.protections', 'global', null, 'not_applicable'],
  ['shield.app-layer-mitigation', 'global', null, 'not_applicable'],
  ['shield.proactive-engagement', 'global', null, 'not_applicable'],
  ['shield.auto-renew', 'global', null, 'not_applicable'],
];

describe('e2e: scan of mixedRegions', { skip }, () => {
  let emu: Emulator;
  let run: ScanRun;

  before(async () => {
    emu = await startAwsEmulator();
    await seedScenario(emu, mixedRegions);
    run = await scanWith(emu);
  });
  after(async () => {
    await emu?.stop();
  });

  test('exits 3 (something failed) and writes a valid evidence bundle', () => {
    assert.equal(run.code, 3, run.stderr);
    const bundle = BundleSchema.parse(JSON.parse(readFileSync(join(run.out, 'evidence.json'), 'utf8')));
    assert.equal(bundle.complete, true);
    assert.equal(bundle.accounts.length, 1);
    assert.deepEqual([...bundle.accounts[0]!.scannedRegions].sort(), [...REGIONS].sort());
    assert.ok(bundle.calls.calls > 0);
  });

  test('every check id has the status the scenario implies', () => {
    for (const [checkId, region, fragment, status] of EXPECTED) {
      const hits = run.results.filter(
        (r) =>
          r.checkId === checkId &&
          r.region === region &&
          (fragment === null ? r.resource === null : (r.resource ?? '').includes(fragment)),
      );
      assert.equal(hits.length, 1, `${checkId} ${region} ${fragment}: ${hits.length} results`);
      assert.equal(hits[0]!.status, status, `${checkId} ${region} ${fragment}: ${hits[0]!.detail}`);
      assert.equal(hits[0]!.accountId, '123456789012');
    }
    // nothing unexpected: every result is either listed above or a passing Trusted Advisor check
    const listed = run.results.filter(
      (r) =>
        !EXPECTED.some(
          ([c, g, f]) =>
            c === r.checkId &&
            g === r.region &&
            (f === null ? r.resource === null : (r.resource ?? '').includes(f)),
        ),
    );
    for (const r of listed) {
      assert.equal(
        r.checkId,
        'trustedadvisor.security-checks',
        `unexpected ${r.checkId} ${r.region} ${r.resource}`,
      );
      assert.equal(r.status, 'pass');
    }
    assert.ok(
      run.results.every((r) => r.status !== 'unknown'),
      'a fault-free scan has no unknown',
    );
  });

  test('failing results carry data the finding can name things with', () => {
    const scan = run.results.find((r) => r.checkId === 'inspector.scan-types' && r.region === 'us-east-1')!;
    assert.deepEqual([...((scan.data.missingScanTypes as string[]) ?? [])].sort(), ['lambda', 'lambdaCode']);
    const macie = run.results.find((r) => r.checkId === 'macie.enabled' && r.region === 'eu-west-1')!;
    assert.ok((macie.data.buckets as string[]).includes('customer-exports-eu'));
  });

  test('the outputs and the terminal hold no credential', () => {
    const files = readdirSync(run.out).map((f) => readFileSync(join(run.out, f), 'utf8'));
    for (const text of [run.stdout, run.stderr, ...files]) {
      assert.ok(!text.includes(TEST_CREDENTIALS.secretAccessKey));
      assert.ok(!text.includes(TEST_CREDENTIALS.accessKeyId));
    }
  });

  test('assess of the evidence gives byte-identical results.json', async () => {
    const out2 = tempDir();
    const res = await runCli(
      ['assess', join(run.out, 'evidence.json'), '--out', out2, '--force', '--quiet'],
      {},
    );
    assert.ok(res.code === 0 || res.code === 3, res.stderr);
    assert.equal(res.code, run.code);
    assert.equal(
      readFileSync(join(out2, 'results.json'), 'utf8'),
      readFileSync(join(run.out, 'results.json'), 'utf8'),
    );
  });

  test('bad usage exits 2 with a one-line error (plus a help hint)', async () => {
    const res = await runCli(['scan', '--max-attempts', 'zero'], { AWS_ENDPOINT_URL: emu.endpoint });
    assert.equal(res.code, 2);
    const lines = res.stderr.trim().split('\n');
    assert.match(lines[0]!, /--max-attempts/);
    assert.ok(lines.length <= 2, res.stderr);
    assert.ok(!/\n\s+at /.test(res.stderr), 'no stack trace');
  });
});
