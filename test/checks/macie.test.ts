import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountEvidence } from '../../src/evidence/schema.js';
import { macieEnabled as check } from '../../src/services/macie/checks/enabled.js';
import { result } from '../finding/helpers.js';
import {
  ACCOUNT_ID,
  accessDenied,
  accountEvidence,
  ok,
  only,
  REGIONS,
  regional,
  run,
} from '../fixtures/evidence.js';
import { spoken } from '../support/prose.js';

const state = (status: string) => ok({ status, basis: `test ${status}` });

function withMacie(
  macie: AccountEvidence['macie'],
  s3Buckets?: NonNullable<AccountEvidence['inventory']>['s3Buckets'],
) {
  const base = accountEvidence();
  return accountEvidence({ macie, inventory: { ...base.inventory!, ...(s3Buckets ? { s3Buckets } : {}) } });
}

describe('macie.enabled', () => {
  test('ENABLED → pass', () => {
    assert.ok(run(check, accountEvidence()).every((v) => v.status === 'pass'));
  });

  test('PAUSED → fail saying paused', () => {
    const v = only(run(check, withMacie(regional(state('PAUSED')))), 'eu-west-1');
    assert.equal(v.status, 'fail');
    assert.match(v.detail, /paused/);
  });

  test('NOT_ENABLED: fail where buckets exist (named in data), not_applicable where none', () => {
    const vs = run(check, withMacie(regional(state('NOT_ENABLED'))));
    const us = only(vs, 'us-east-1');
    assert.equal(us.status, 'fail');
    assert.deepEqual(us.data.buckets, ['customer-data']);
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
  });

  test('NOT_ENABLED with an unreadable bucket inventory → unknown naming the inventory read', () => {
    const vs = run(check, withMacie(regional(state('NOT_ENABLED')), accessDenied('s3:ListAllMyBuckets')));
    const v = only(vs, 'eu-west-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 's3:ListAllMyBuckets');
  });

  test('NOT_ENABLED with a bucket of unknown region → unknown (GetBucketLocation)', () => {
    const vs = run(
      check,
      withMacie(regional(state('NOT_ENABLED')), ok({ buckets: [{ name: 'b', region: null }] })),
    );
    assert.ok(vs.every((v) => v.status === 'unknown' && v.cause?.action === 's3:GetBucketLocation'));
  });

  test('NOT_ENABLED with a located bucket in the region → fail even if another bucket is unlocated', () => {
    const vs = run(
      check,
      withMacie(
        regional(state('NOT_ENABLED')),
        ok({
          buckets: [
            { name: 'b', region: null },
            { name: 'c', region: 'eu-west-1' },
          ],
        }),
      ),
    );
    assert.equal(only(vs, 'eu-west-1').status, 'fail');
  });

  test('AccessDenied on GetMacieSession → unknown', () => {
    const v = only(
      run(
        check,
        withMacie({ 'us-east-1': accessDenied('macie2:GetMacieSession'), 'eu-west-1': state('ENABLED') }),
      ),
      'us-east-1',
    );
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'macie2:GetMacieSession');
  });

  test('unexpected status → unknown', () => {
    assert.equal(only(run(check, withMacie(regional(state('WHATEVER')))), 'us-east-1').status, 'unknown');
  });

  test('missing evidence → unknown where buckets are, not_applicable where the inventory proves none', () => {
    const vs = run(check, accountEvidence({ macie: undefined }));
    assert.equal(vs.length, REGIONS.length);
    assert.equal(only(vs, 'us-east-1').status, 'unknown');
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
  });
});

describe('macie.enabled: relevance first (no bucket in the region)', () => {
  const denied = {
    'us-east-1': accessDenied('macie2:GetMacieSession'),
    'eu-west-1': accessDenied('macie2:GetMacieSession'),
  };

  test('Macie status unreadable, no bucket in the region → not_applicable naming the failed read', () => {
    const v = only(run(check, withMacie(denied)), 'eu-west-1');
    assert.equal(v.status, 'not_applicable');
    assert.equal(v.cause, null);
    assert.match(v.detail, /eu-west-1 holds no S3 bucket/);
    assert.match(v.detail, /macie2:GetMacieSession/);
    assert.equal(v.data.macieStatusRead, false);
    assert.equal(v.data.macieStatusError, 'AccessDeniedException');
  });

  test('Macie status unreadable where a bucket is → unknown with the Macie cause', () => {
    const v = only(run(check, withMacie(denied)), 'us-east-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'macie2:GetMacieSession');
  });

  test('Macie status and bucket inventory both unreadable → unknown (never not_applicable)', () => {
    const vs = run(check, withMacie(denied, accessDenied('s3:ListAllMyBuckets')));
    assert.ok(vs.every((v) => v.status === 'unknown' && v.cause?.action === 'macie2:GetMacieSession'));
  });

  test('Macie status unreadable and a bucket of unknown region → unknown', () => {
    const vs = run(check, withMacie(denied, ok({ buckets: [{ name: 'b', region: null }] })));
    assert.ok(vs.every((v) => v.status === 'unknown'));
  });

  test('an unreadable region list is still one unknown for "*"', () => {
    const a = withMacie(denied);
    const vs = run(check, {
      ...a,
      scannedRegions: [],
      regionListing: accessDenied('ec2:DescribeRegions'),
    });
    assert.equal(only(vs).region, '*');
    assert.equal(only(vs).status, 'unknown');
  });
});

describe('macie.enabled: the Macie administrator (organization-managed Macie)', () => {
  test('the finding names the administrator of a paused member, and claims the fail', () => {
    const fail = result('macie.enabled', 'fail', 'eu-west-1', null, {
      macieStatus: 'PAUSED',
      buckets: ['b1'],
      administratorAccount: '444455556666',
      administratorRelationship: 'Paused',
    });
    const s = spoken('macie', [fail]);
    assert.match(s.text, /Macie was paused in eu-west-1\./);
    assert.match(s.text, /managed by the administrator account 444455556666, from which it would be resumed/);
    assert.equal(s.claims.length, 1);
  });

  test('an ended relationship is not called management in the finding', () => {
    const fail = result('macie.enabled', 'fail', 'eu-west-1', null, {
      macieStatus: 'PAUSED',
      administratorAccount: '444455556666',
      administratorRelationship: 'Removed',
    });
    assert.doesNotMatch(spoken('macie', [fail]).text, /administrator/);
  });

  const ADMIN = '444455556666';
  const managed = (status: string, administrator: unknown) =>
    ok({ status, basis: `test ${status}`, administrator }) as NonNullable<AccountEvidence['macie']>[string];

  test('enabled by another account: the pass says who manages it and records the account', () => {
    const a = withMacie(
      regional(managed('ENABLED', ok({ accountId: ADMIN, relationshipStatus: 'Enabled' }))),
    );
    const v = only(run(check, a), 'us-east-1');
    assert.equal(v.status, 'pass');
    assert.match(v.detail, new RegExp(`managed by administrator account ${ADMIN}`));
    assert.equal(v.data.administratorAccount, ADMIN);
    assert.equal(v.data.administratorRelationship, 'Enabled');
  });

  test('paused by a managed account: still fail, naming the administrator', () => {
    const a = withMacie(regional(managed('PAUSED', ok({ accountId: ADMIN, relationshipStatus: 'Paused' }))));
    const v = only(run(check, a), 'eu-west-1');
    assert.equal(v.status, 'fail');
    assert.match(v.detail, /paused in eu-west-1 \(managed by administrator account 444455556666\)/);
    assert.equal(v.data.administratorAccount, ADMIN);
  });

  test('an ended relationship is named as such, not as "managed by"', () => {
    const a = withMacie(
      regional(managed('ENABLED', ok({ accountId: ADMIN, relationshipStatus: 'Removed' }))),
    );
    const v = only(run(check, a), 'us-east-1');
    assert.equal(v.status, 'pass');
    assert.doesNotMatch(v.detail, /managed by/);
    assert.match(v.detail, /administrator account 444455556666, relationship Removed/);
  });

  test('no administrator, the account itself, or an unreadable administrator add nothing', () => {
    const plain = only(run(check, accountEvidence()), 'us-east-1');
    for (const administrator of [
      ok(null),
      ok({ accountId: ACCOUNT_ID, relationshipStatus: 'Enabled' }),
      accessDenied('macie2:GetAdministratorAccount'),
    ]) {
      const v = only(run(check, withMacie(regional(managed('ENABLED', administrator)))), 'us-east-1');
      assert.equal(v.status, 'pass');
      assert.equal(v.cause, null);
      assert.equal(v.detail, plain.detail);
      assert.equal(v.data.administratorAccount, undefined);
    }
  });

  test('the administrator read never changes a verdict', () => {
    const variants = [
      undefined,
      ok(null),
      ok({ accountId: ADMIN, relationshipStatus: 'Enabled' }),
      accessDenied('macie2:GetAdministratorAccount'),
    ];
    for (const status of ['ENABLED', 'PAUSED', 'NOT_ENABLED', 'WHATEVER']) {
      const statuses = variants.map((administrator) =>
        run(
          check,
          withMacie(
            regional(
              administrator === undefined ? state(status) : managed(status, administrator),
            ) as AccountEvidence['macie'],
          ),
        ).map((v) => `${v.region}:${v.status}:${v.cause?.action ?? ''}`),
      );
      for (const s of statuses) assert.deepEqual(s, statuses[0], status);
    }
  });
});
