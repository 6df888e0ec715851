import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compareResults, runChecks } from '../../src/checks/run.js';
import { ErrorKindSchema, type Observed } from '../../src/evidence/observed.js';
import { type AccountEvidence, ResultSchema, ResultsSchema } from '../../src/evidence/schema.js';
import { CHECKS, checkMeta, SERVICES } from '../../src/services/registry.js';
import { accountEvidence, awsError, bundle, cloudtrailEvidence, ok, trail } from '../fixtures/evidence.js';

const REQUIRED_IDS = [
  'cloudtrail.enabled',
  'cloudtrail.multi-region',
  'cloudtrail.logging',
  'cloudtrail.bucket',
  'cloudtrail.log-validation',
  'cloudtrail.kms-encryption',
  'cloudtrail.cloudwatch-logs',
  'cloudtrail.management-events',
  'cloudtrail.data-events',
  'cloudtrail.insights',
  'trustedadvisor.security-checks',
  'inspector.enabled',
  'inspector.scan-types',
  'inspector.coverage',
  'macie.enabled',
  'macie.analysis',
  'guardduty.enabled',
  'guardduty.protection-plans',
  'guardduty.org-auto-enable',
  'waf.api-gateway',
  'waf.alb',
  'waf.cloudfront',
  'waf.appsync',
  'waf.cognito',
  'waf.app-runner',
  'waf.amplify',
  'waf.verified-access',
  'waf.logging',
  'shield.advanced',
  'shield.protections',
  'shield.app-layer-mitigation',
  'shield.proactive-engagement',
  'shield.auto-renew',
];

describe('registry', () => {
  test('every required check exists, in the required order, with complete metadata', () => {
    assert.deepEqual(
      CHECKS.map((c) => c.meta.id),
      REQUIRED_IDS,
    );
    for (const id of REQUIRED_IDS) {
      const m = checkMeta(id);
      assert.ok(m, id);
      assert.equal(m.id, id);
      assert.equal(m.service, id.split('.')[0]);
      assert.ok(m.title.length > 10, id);
      assert.ok(m.remediation.length > 10 && !m.remediation.includes('\n'), id);
      assert.ok(['critical', 'high', 'medium', 'low', 'informational'].includes(m.severity), id);
      assert.ok(['account', 'region', 'resource'].includes(m.scope), id);
      assert.ok(m.securityHub === null || /^[A-Za-z][A-Za-z0-9]*\.\d+/.test(m.securityHub), id);
      assert.ok(m.cis === null || /^\d+\.\d+(, \d+\.\d+)*$/.test(m.cis), id);
    }
    assert.equal(checkMeta('nope'), undefined);
  });

  test('CHECKS are grouped by service in SERVICES order', () => {
    const ranks = CHECKS.map((c) => SERVICES.indexOf(c.meta.service));
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
    );
  });

  test('known Security Hub ids', () => {
    assert.equal(checkMeta('cloudtrail.multi-region')?.securityHub, 'CloudTrail.1');
    assert.equal(checkMeta('guardduty.enabled')?.securityHub, 'GuardDuty.1');
    assert.equal(checkMeta('macie.enabled')?.securityHub, 'Macie.1');
    assert.equal(checkMeta('waf.api-gateway')?.securityHub, 'APIGateway.4');
    assert.equal(checkMeta('waf.cloudfront')?.securityHub, 'CloudFront.6');
    assert.equal(checkMeta('cloudtrail.log-validation')?.cis, '3.2');
  });
});

describe('runChecks', () => {
  test('a healthy account has no fail and no unknown; every result validates', () => {
    const results = runChecks(bundle());
    assert.ok(results.length >= CHECKS.length);
    for (const r of results) {
      ResultSchema.parse(r);
      assert.ok(
        r.status === 'pass' || r.status === 'not_applicable',
        `${r.checkId} ${r.region}: ${r.detail}`,
      );
    }
  });

  test('deterministic: same bundle twice → identical JSON, independent of evidence ordering', () => {
    const t1 = trail({ name: 'a-trail' });
    const t2 = trail({
      name: 'z-trail',
      isMultiRegion: false,
      homeRegion: 'eu-west-1',
      logFileValidation: false,
    });
    const a = accountEvidence({ cloudtrail: cloudtrailEvidence([t1, t2]) });
    const b = accountEvidence({
      cloudtrail: cloudtrailEvidence([t2, t1], ['us-east-1', 'eu-west-1']),
      scannedRegions: ['us-east-1', 'eu-west-1'],
    });
    const first = JSON.stringify(runChecks(bundle([a])));
    assert.equal(JSON.stringify(runChecks(bundle([a]))), first);
    assert.equal(JSON.stringify(runChecks(bundle([b]))), first);
  });

  test('sorted by account, service, check order, region (global, *, alphabetical), resource', () => {
    const other = accountEvidence({ accountId: '000011112222' });
    const results = runChecks(bundle([accountEvidence(), other]));
    for (let i = 1; i < results.length; i++) {
      assert.ok(compareResults(results[i - 1]!, results[i]!) <= 0, `out of order at ${i}`);
    }
    assert.equal(results[0]!.accountId, '000011112222');
    assert.equal(results[0]!.checkId, 'cloudtrail.enabled');
    const idx = (id: string) => results.findIndex((r) => r.checkId === id);
    assert.ok(idx('cloudtrail.enabled') < idx('cloudtrail.multi-region'));
    assert.ok(idx('cloudtrail.management-events') < idx('trustedadvisor.security-checks'));
    assert.ok(idx('waf.cognito') < idx('shield.advanced'));
    const enabled = results.filter(
      (r) => r.accountId === '000011112222' && r.checkId === 'cloudtrail.enabled',
    );
    assert.deepEqual(
      enabled.map((r) => r.region),
      ['eu-west-1', 'us-east-1'],
    );
    const mixed = [
      { ...results[0]!, region: 'us-east-1' },
      { ...results[0]!, region: '*' },
      { ...results[0]!, region: 'global' },
      { ...results[0]!, region: 'ap-south-1' },
    ].sort(compareResults);
    assert.deepEqual(
      mixed.map((r) => r.region),
      ['global', '*', 'ap-south-1', 'us-east-1'],
    );
  });

  test('account accessError → one unknown per check carrying the cause', () => {
    const e = awsError('access-denied', 'AccessDenied', 'sts:AssumeRole');
    const results = runChecks(bundle([accountEvidence({ accessError: e })]));
    assert.equal(results.length, CHECKS.length);
    for (const r of results) {
      assert.equal(r.status, 'unknown');
      assert.equal(r.cause?.action, 'sts:AssumeRole');
      assert.ok(r.region === 'global' || r.region === '*');
    }
  });

  test('a check that throws on malformed evidence yields unknown, not a crash', () => {
    const broken = accountEvidence({ cloudtrail: { regions: ok as never, trails: null as never } });
    const results = runChecks(bundle([broken]));
    ResultsSchema.parse(results);
    assert.ok(results.filter((r) => r.service === 'cloudtrail').every((r) => r.status === 'unknown'));
  });
});

// ------------------------------------------------------------------------------------ property test

const REGION_POOL = ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'sa-east-1'];

const errorArb = fc.record({
  kind: fc.constantFrom(...ErrorKindSchema.options),
  code: fc.constantFrom(
    'AccessDeniedException',
    'ThrottlingException',
    'InternalFailure',
    'SubscriptionRequiredException',
    'X',
  ),
  message: fc.string({ maxLength: 20 }),
  action: fc.constantFrom(
    'guardduty:ListDetectors',
    'cloudtrail:DescribeTrails',
    'ec2:DescribeRegions',
    'a:b',
  ),
  httpStatus: fc.option(fc.integer({ min: 400, max: 599 }), { nil: null }),
});
const failed = errorArb.map((error) => ({ ok: false as const, error }));

/** A regional record of failures over `regions`, or undefined (not collected), or a partial record. */
const failedRegional = (regions: string[]) =>
  fc.option(
    fc
      .tuple(fc.subarray(regions), fc.array(failed, { minLength: regions.length, maxLength: regions.length }))
      .map(
        ([rs, errs]) =>
          Object.fromEntries(rs.map((r, i) => [r, errs[i]!])) as Record<string, Observed<never>>,
      ),
    { nil: undefined },
  );

const allFailedAccount: fc.Arbitrary<AccountEvidence> = fc
  .record({
    scanned: fc.subarray(REGION_POOL),
    listingError: failed,
    unavailable: fc.array(fc.record({ name: fc.constantFrom('me-south-1', 'ap-east-1'), error: errorArb }), {
      maxLength: 2,
    }),
    accessError: fc.option(errorArb, { nil: null }),
  })
  .chain(({ scanned, listingError, unavailable, accessError }) =>
    fc
      .record({
        inventory: fc.option(
          fc.record({
            ec2Instances: failedRegional(scanned).map((x) => x ?? {}),
            ecrRepositories: failedRegional(scanned).map((x) => x ?? {}),
            lambdaFunctions: failedRegional(scanned).map((x) => x ?? {}),
            s3Buckets: failed,
          }),
          { nil: undefined },
        ),
        cloudtrail: fc.option(
          failedRegional(scanned).map((regions) => ({ regions: regions ?? {}, trails: [] })),
          { nil: undefined },
        ),
        trustedadvisor: fc.option(failed, { nil: undefined }),
        inspector: failedRegional(scanned),
        macie: failedRegional(scanned),
        guardduty: failedRegional(scanned),
        waf: fc.option(
          fc.record({
            restApis: failedRegional(scanned).map((x) => x ?? {}),
            loadBalancers: failedRegional(scanned).map((x) => x ?? {}),
            cloudFront: failed,
            appSync: failedRegional(scanned).map((x) => x ?? {}),
            cognito: failedRegional(scanned).map((x) => x ?? {}),
          }),
          { nil: undefined },
        ),
        shield: fc.option(failed, { nil: undefined }),
      })
      .map(
        (parts): AccountEvidence => ({
          accountId: '123456789012',
          partition: 'aws',
          callerArn: 'arn:aws:sts::123456789012:assumed-role/r/s',
          regionListing: listingError,
          scannedRegions: scanned,
          unavailableRegions: unavailable,
          accessError,
          ...parts,
        }),
      ),
  );

describe('property: nothing is proven when every read failed', () => {
  test('no result is pass or fail, and all validate', () => {
    fc.assert(
      fc.property(allFailedAccount, (account) => {
        // An interrupted scan: a part that is absent was not read (in a complete scan it would be a
        // service left out with --services, which gives no result at all).
        const results = runChecks({ ...bundle([account]), complete: false });
        ResultsSchema.parse(results);
        for (const r of results) {
          if (r.status === 'pass' || r.status === 'fail') {
            throw new Error(`${r.checkId} ${r.region} ${r.status}: ${r.detail}`);
          }
        }
        // Every check still reports something.
        assert.deepEqual(new Set(results.map((r) => r.checkId)).size, CHECKS.length);
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });
});

describe('services not in scope (--services)', () => {
  test('a complete scan without a service part gives no result for it: not in scope, not "not collected"', () => {
    const acct = accountEvidence();
    delete (acct as Partial<AccountEvidence>).macie;
    const results = runChecks(bundle([acct]));
    assert.ok(!results.some((r) => r.service === 'macie'));
    assert.ok(results.some((r) => r.service === 'guardduty'));
  });
  test('an interrupted scan without it: every Macie check is unknown, not collected', () => {
    const acct = accountEvidence();
    delete (acct as Partial<AccountEvidence>).macie;
    const results = runChecks({ ...bundle([acct]), complete: false });
    const macie = results.filter((r) => r.service === 'macie');
    assert.ok(macie.some((r) => r.status === 'unknown' && r.cause?.kind === 'not-collected'));
    assert.ok(macie.every((r) => r.status !== 'pass' && r.status !== 'fail'));
  });
});
