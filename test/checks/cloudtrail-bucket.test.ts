import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountEvidence } from '../../src/evidence/schema.js';
import { cloudtrailBucket as check } from '../../src/services/cloudtrail/checks/bucket.js';
import type { Trail, TrailBucket } from '../../src/services/cloudtrail/schema.js';
import { result } from '../finding/helpers.js';
import {
  accessDenied,
  accountEvidence,
  cloudtrailEvidence,
  ORG_MASTER,
  ok,
  only,
  run,
  trail,
  trailArn,
  trailBucket,
} from '../fixtures/evidence.js';
import { spoken } from '../support/prose.js';

const withBucket = (b: TrailBucket | null, t: Trail = trail()): AccountEvidence => {
  const ct = cloudtrailEvidence([t]);
  return accountEvidence({ cloudtrail: { ...ct, buckets: b ? [b] : [] } });
};
const v = (a: AccountEvidence) => only(run(check, a));
const BUCKET = 'org-cloudtrail-logs';

describe('cloudtrail.bucket', () => {
  test('an existing bucket without a policy passes, saying so', () => {
    const r = v(accountEvidence());
    assert.equal(r.status, 'pass');
    assert.match(r.detail, /exists and is not public by its bucket policy \(it has no bucket policy\)/);
    assert.equal(r.data.bucket, BUCKET);
  });

  test('a bucket whose policy is not public passes', () => {
    const r = v(
      withBucket(trailBucket(BUCKET, { policyStatus: ok({ hasPolicy: true, isPublic: false, basis: 'x' }) })),
    );
    assert.equal(r.status, 'pass');
    assert.match(r.detail, /the policy is not public/);
  });

  test('NoSuchBucket → fail: logs go to a bucket that does not exist', () => {
    const gone = trailBucket(BUCKET, {
      location: ok({
        exists: false,
        region: null,
        basis: 'NoSuchBucket: The specified bucket does not exist',
      }),
      policyStatus: null,
    });
    const r = v(withBucket(gone));
    assert.equal(r.status, 'fail');
    assert.equal(r.cause, null);
    assert.match(r.detail, /which does not exist/);
    assert.equal(r.data.bucketProblem, 'missing');
  });

  test('IsPublic → fail', () => {
    const pub = trailBucket(BUCKET, {
      policyStatus: ok({ hasPolicy: true, isPublic: true, basis: 'GetBucketPolicyStatus: IsPublic true' }),
    });
    const r = v(withBucket(pub));
    assert.equal(r.status, 'fail');
    assert.equal(r.data.bucketProblem, 'public');
  });

  test("a bucket in another account that cannot be read → unknown naming the bucket and the trail's owner", () => {
    const t = trail({ name: 'org', ownerAccountId: ORG_MASTER, isOrganizationTrail: true });
    const denied = trailBucket(BUCKET, {
      location: accessDenied('s3:GetBucketLocation'),
      policyStatus: null,
    });
    const r = v(withBucket(denied, t));
    assert.equal(r.status, 'unknown');
    assert.equal(r.cause?.action, 's3:GetBucketLocation');
    assert.match(
      r.cause?.message ?? '',
      new RegExp(`S3 bucket ${BUCKET}, of the trail owned by account ${ORG_MASTER}`),
    );
  });

  test('GetBucketPolicyStatus denied → unknown naming that action; never pass', () => {
    const r = v(withBucket(trailBucket(BUCKET, { policyStatus: accessDenied('s3:GetBucketPolicyStatus') })));
    assert.equal(r.status, 'unknown');
    assert.equal(r.cause?.action, 's3:GetBucketPolicyStatus');
    assert.match(r.cause?.message ?? '', /S3 bucket org-cloudtrail-logs: /);
  });

  test('bucket not read (older evidence, or missing from the reads) → unknown', () => {
    const a = accountEvidence();
    const { buckets: _, ...rest } = a.cloudtrail!;
    assert.equal(v({ ...a, cloudtrail: rest }).status, 'unknown');
    assert.equal(v(withBucket(null)).status, 'unknown');
  });

  test('a trail without a bucket name → unknown; a stopped trail → not_applicable', () => {
    assert.equal(v(withBucket(null, trail({ s3BucketName: null }))).status, 'unknown');
    const stopped = trail({
      status: ok({
        isLogging: false,
        latestDeliveryTime: null,
        latestDeliveryError: null,
        latestCloudWatchLogsDeliveryTime: null,
      }),
    });
    assert.equal(v(withBucket(trailBucket(BUCKET), stopped)).status, 'not_applicable');
  });

  test('trail status unreadable: whether it is in scope is open → unknown naming GetTrailStatus', () => {
    const t = trail({ status: accessDenied('cloudtrail:GetTrailStatus') });
    const r = v(withBucket(trailBucket(BUCKET), t));
    assert.equal(r.status, 'unknown');
    assert.equal(r.cause?.action, 'cloudtrail:GetTrailStatus');
  });

  test('no trail at all → not_applicable', () => {
    assert.equal(v(accountEvidence({ cloudtrail: cloudtrailEvidence([]) })).status, 'not_applicable');
  });

  test('the finding names the trail and bucket, missing and public apart, and claims both', () => {
    const missing = result('cloudtrail.bucket', 'fail', 'us-east-1', trailArn('main'), {
      bucket: 'gone-bucket',
      bucketProblem: 'missing',
    });
    const pub = result('cloudtrail.bucket', 'fail', 'us-east-1', trailArn('other'), {
      bucket: 'open-bucket',
      bucketProblem: 'public',
    });
    const s = spoken('cloudtrail', [missing, pub]);
    assert.match(s.text, /main sent its log files to an S3 bucket that does not exist \(gone-bucket\)/);
    assert.match(s.text, /The S3 bucket open-bucket holding the log files of the trail .*other was public/);
    assert.equal(s.claims.length, 2);
  });
});
