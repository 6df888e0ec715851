/**
 * Services AWS does not offer in every region (src/checks/offered.ts): a check's unknown becomes "not offered"
 * only when AWS lists no endpoint there, the service's own read could not resolve its endpoint's name, and
 * another read of the same account in that region was answered.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AWS_REGIONS, offeredExcept, regionAnswered } from '../../src/checks/offered.js';
import { runChecks } from '../../src/checks/run.js';
import type { AccountEvidence } from '../../src/evidence/schema.js';
import { inspectorEnabled } from '../../src/services/inspector/checks/enabled.js';
import { macieAnalysis } from '../../src/services/macie/checks/analysis.js';
import { macieEnabled } from '../../src/services/macie/checks/enabled.js';
import { allOperations, CHECKS, SERVICE_MODULES } from '../../src/services/registry.js';
import { wafAmplify } from '../../src/services/waf/checks/amplify.js';
import { wafAppSync } from '../../src/services/waf/checks/appsync.js';
import {
  accessDenied,
  accountEvidence,
  bundle,
  err,
  ok,
  only,
  run,
  wafEvidence,
} from '../fixtures/evidence.js';

/** me-central-1: neither Macie nor Amplify has an endpoint there (AWS General Reference). */
const UNOFFERED = 'me-central-1';
const REGIONS = ['eu-west-1', 'us-east-1', UNOFFERED];
const dns = (action: string) => err('network', 'ENOTFOUND', action, `getaddrinfo ENOTFOUND ${action}`);
const macieOn = ok({
  status: 'ENABLED',
  basis: 'GetMacieSession status ENABLED',
  discovery: ok({ status: 'ENABLED' }),
  classificationJobs: ok({ jobs: [] }),
});

/** An account scanned in REGIONS whose Macie and Amplify reads in `failing` regions could not resolve. */
function account(failing: string[], overrides: Partial<AccountEvidence> = {}): AccountEvidence {
  const base = accountEvidence();
  const inRegions = <T>(value: (r: string) => T) => Object.fromEntries(REGIONS.map((r) => [r, value(r)]));
  return accountEvidence({
    scannedRegions: REGIONS,
    inventory: {
      ...base.inventory!,
      ec2Instances: inRegions(() => ok({ ids: [] })),
      // A bucket in every region: Macie's verdict there is not "no buckets, not applicable".
      s3Buckets: ok({ buckets: REGIONS.map((r) => ({ name: `data-${r}`, region: r })) }),
    },
    macie: inRegions((r) => (failing.includes(r) ? dns('macie2:GetMacieSession') : macieOn)),
    waf: wafEvidence({
      amplify: inRegions((r) => (failing.includes(r) ? dns('amplify:ListApps') : ok({ apps: [] }))),
    }),
    ...overrides,
  });
}

describe('a service AWS does not offer in a region', () => {
  test('Macie and Amplify in a region without their endpoint: not applicable, saying so', () => {
    const a = account([UNOFFERED]);
    for (const check of [macieEnabled, macieAnalysis, wafAmplify]) {
      const v = only(run(check, a), UNOFFERED);
      assert.equal(v.status, 'not_applicable', `${check.meta.id}: ${v.detail}`);
      assert.equal(v.cause, null);
      assert.deepEqual(v.data, { offered: false });
    }
    assert.equal(
      only(run(macieEnabled, a), UNOFFERED).detail,
      'Amazon Macie is not offered in me-central-1 (AWS lists no endpoint there, and its endpoint name does not resolve).',
    );
    assert.match(only(run(wafAmplify, a), UNOFFERED).detail, /^AWS Amplify is not offered in me-central-1 /);
  });

  test('where AWS lists an endpoint, the same DNS failure stays unknown', () => {
    const a = account(['eu-west-1']);
    for (const check of [macieEnabled, wafAmplify]) {
      const v = only(run(check, a), 'eu-west-1');
      assert.equal(v.status, 'unknown', check.meta.id);
      assert.equal(v.cause?.code, 'ENOTFOUND');
    }
  });

  test('no other read answered in that region (the resolver may be at fault): unknown', () => {
    const base = account([UNOFFERED]);
    const silent = account([UNOFFERED], {
      inventory: {
        ...base.inventory!,
        ec2Instances: { ...base.inventory!.ec2Instances, [UNOFFERED]: dns('ec2:DescribeInstances') },
      },
    });
    assert.equal(regionAnswered(base, UNOFFERED), true);
    assert.equal(regionAnswered(silent, UNOFFERED), false);
    for (const check of [macieEnabled, wafAmplify])
      assert.equal(only(run(check, silent), UNOFFERED).status, 'unknown');
  });

  test('another error, another service failing, or another partition: unknown', () => {
    const denied = account([], {
      macie: { ...account([]).macie, [UNOFFERED]: accessDenied('macie2:GetMacieSession') },
    });
    assert.equal(only(run(macieEnabled, denied), UNOFFERED).status, 'unknown');
    // The bucket listing failing by DNS says nothing of Macie's endpoint.
    const inventory = account([], {
      macie: { ...account([]).macie, [UNOFFERED]: dns('s3:GetBucketLocation') },
    });
    assert.equal(only(run(macieEnabled, inventory), UNOFFERED).status, 'unknown');
    // The regions listed are the commercial partition's.
    const gov = account([UNOFFERED], { partition: 'aws-us-gov' });
    assert.equal(only(run(macieEnabled, gov), UNOFFERED).status, 'unknown');
  });

  test('the runner applies it to every check of the service: results.json says not applicable', () => {
    const results = runChecks(bundle([account([UNOFFERED])])).filter((r) => r.region === UNOFFERED);
    const of = (id: string) => results.filter((r) => r.checkId === id).map((r) => r.status);
    assert.deepEqual(of('macie.enabled'), ['not_applicable']);
    assert.deepEqual(of('waf.amplify'), ['not_applicable']);
    assert.ok(
      results.every((r) => r.cause?.code !== 'ENOTFOUND'),
      'no unknown left from the missing endpoints',
    );
  });

  test('AppSync and Inspector in Asia Pacific (New Zealand), where neither has an endpoint', () => {
    const nz = 'ap-southeast-6';
    const base = accountEvidence();
    const a = accountEvidence({
      scannedRegions: ['us-east-1', nz],
      inventory: {
        ...base.inventory!,
        ec2Instances: { 'us-east-1': ok({ ids: [] }), [nz]: ok({ ids: ['i-0nz'] }) },
      },
      inspector: { ...base.inspector, [nz]: dns('inspector2:BatchGetAccountStatus') },
      waf: wafEvidence({ appSync: { 'us-east-1': ok({ apis: [] }), [nz]: dns('appsync:ListGraphqlApis') } }),
    });
    const inspector = only(run(inspectorEnabled, a), nz);
    assert.equal(inspector.status, 'not_applicable', inspector.detail);
    assert.match(inspector.detail, /^Amazon Inspector is not offered in ap-southeast-6 /);
    assert.match(only(run(wafAppSync, a), nz).detail, /^AWS AppSync is not offered in ap-southeast-6 /);
  });

  test('every declared offer names known regions and actions of its own service', async () => {
    assert.throws(() => offeredExcept('X', 'x:', ['eu-west-9']), /eu-west-9 is not a known region/);
    const actions = (await allOperations()).map((op) => op.iamAction);
    const offers = [
      ...SERVICE_MODULES.flatMap((m) => (m.offeredIn ? [m.offeredIn] : [])),
      ...CHECKS.flatMap((c) => (c.meta.offeredIn ? [c.meta.offeredIn] : [])),
    ];
    assert.deepEqual(offers.map((o) => o.name).sort(), [
      'AWS Amplify',
      'AWS App Runner',
      'AWS AppSync',
      'Amazon Inspector',
      'Amazon Macie',
    ]);
    for (const o of offers) {
      for (const r of o.regions) assert.ok(AWS_REGIONS.includes(r), `${o.name}: ${r}`);
      assert.ok(
        o.regions.size < AWS_REGIONS.length,
        `${o.name} is offered everywhere: no need to declare it`,
      );
      assert.ok(
        actions.some((a) => a.startsWith(o.actionPrefix)),
        `${o.name}: no operation of watchpost's is ${o.actionPrefix}*`,
      );
    }
  });
});
