import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountEvidence } from '../../src/evidence/schema.js';
import { macieAnalysis as check } from '../../src/services/macie/checks/analysis.js';
import { result } from '../finding/helpers.js';
import { accessDenied, accountEvidence, ok, only, regional, run } from '../fixtures/evidence.js';
import { spoken } from '../support/prose.js';

type Region = Extract<NonNullable<AccountEvidence['macie']>[string], { ok: true }>['value'];
type Jobs = NonNullable<Region['classificationJobs']>;

const job = (jobStatus: string | null, name = `job-${jobStatus}`) => ({
  jobId: `id-${name}`,
  name,
  jobStatus,
  jobType: 'SCHEDULED',
});

function macie(over: Partial<Region> = {}): Region {
  return {
    status: 'ENABLED',
    basis: 'test',
    administrator: ok(null),
    discovery: ok({ status: 'DISABLED' }),
    classificationJobs: ok({ jobs: [] }),
    ...over,
  };
}

/** us-east-1 holds bucket customer-data, eu-west-1 none (the fixture's inventory). */
function account(
  region: Region | NonNullable<AccountEvidence['macie']>[string],
  s3Buckets?: NonNullable<AccountEvidence['inventory']>['s3Buckets'],
) {
  const base = accountEvidence();
  const entry = 'ok' in region ? region : ok(region);
  return accountEvidence({
    macie: regional(entry),
    inventory: { ...base.inventory!, ...(s3Buckets ? { s3Buckets } : {}) },
  });
}

const us = (a: AccountEvidence) => only(run(check, a), 'us-east-1');

describe('macie.analysis', () => {
  test('the healthy fixture passes where buckets are (discovery on), not_applicable where none', () => {
    const vs = run(check, accountEvidence());
    assert.equal(only(vs, 'us-east-1').status, 'pass');
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
  });

  test('discovery ENABLED → pass even if the job list could not be read', () => {
    const v = us(
      account(
        macie({
          discovery: ok({ status: 'ENABLED' }),
          classificationJobs: accessDenied('macie2:ListClassificationJobs'),
        }),
      ),
    );
    assert.equal(v.status, 'pass');
    assert.match(v.detail, /automated sensitive data discovery is enabled/);
  });

  test('discovery off, a running or scheduled job → pass naming it', () => {
    for (const s of ['RUNNING', 'IDLE', 'PAUSED']) {
      const v = us(account(macie({ classificationJobs: ok({ jobs: [job(s, 'weekly-scan')] }) })));
      assert.equal(v.status, 'pass', s);
      assert.match(v.detail, /weekly-scan/);
    }
  });

  test('an active job passes even if discovery could not be read', () => {
    const v = us(
      account(
        macie({
          discovery: accessDenied('macie2:GetAutomatedDiscoveryConfiguration'),
          classificationJobs: ok({ jobs: [job('RUNNING')] }),
        }),
      ),
    );
    assert.equal(v.status, 'pass');
  });

  test('enabled but looking at nothing: discovery off and no job → fail', () => {
    const v = us(account(macie()));
    assert.equal(v.status, 'fail');
    assert.match(v.detail, /looks at nothing/);
    assert.equal(v.data.reason, 'no-job');
    assert.equal(v.data.automatedDiscovery, 'DISABLED');
  });

  test('discovery off and only finished, cancelled or user-paused jobs → fail of its own wording', () => {
    const v = us(
      account(
        macie({ classificationJobs: ok({ jobs: [job('COMPLETE'), job('CANCELLED'), job('USER_PAUSED')] }) }),
      ),
    );
    assert.equal(v.status, 'fail');
    assert.equal(v.data.reason, 'no-running-job');
    assert.match(v.detail, /3 classification job\(s\) have finished/);
  });

  test('a job with an unknown status → unknown, never fail', () => {
    for (const s of [null, 'SOMETHING_NEW']) {
      const v = us(account(macie({ classificationJobs: ok({ jobs: [job(s)] }) })));
      assert.equal(v.status, 'unknown');
      assert.equal(v.cause?.action, 'macie2:ListClassificationJobs');
    }
  });

  test('discovery unreadable and no job → unknown naming GetAutomatedDiscoveryConfiguration', () => {
    const v = us(account(macie({ discovery: accessDenied('macie2:GetAutomatedDiscoveryConfiguration') })));
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'macie2:GetAutomatedDiscoveryConfiguration');
  });

  test('job list unreadable with discovery off → unknown naming ListClassificationJobs', () => {
    const v = us(
      account(macie({ classificationJobs: accessDenied('macie2:ListClassificationJobs') as Jobs })),
    );
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'macie2:ListClassificationJobs');
  });

  test('unexpected discovery status → unknown', () => {
    const v = us(account(macie({ discovery: ok({ status: 'MAYBE' }) })));
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.code, 'UnexpectedStatus');
  });

  test('older bundle without the reads → unknown (not collected)', () => {
    const v = us(account({ status: 'ENABLED', basis: 'test' }));
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.kind, 'not-collected');
  });

  test('Macie not enabled or paused → not_applicable (macie.enabled reports it)', () => {
    for (const status of ['NOT_ENABLED', 'PAUSED']) {
      const v = us(account({ status, basis: 'test' }));
      assert.equal(v.status, 'not_applicable', status);
    }
  });

  test('Macie status unreadable where buckets are → unknown; no bucket → not_applicable', () => {
    const vs = run(check, account(accessDenied('macie2:GetMacieSession')));
    assert.equal(only(vs, 'us-east-1').status, 'unknown');
    assert.equal(only(vs, 'us-east-1').cause?.action, 'macie2:GetMacieSession');
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
  });

  test('would fail but the bucket inventory is unreadable → unknown naming the inventory read', () => {
    const vs = run(check, account(macie(), accessDenied('s3:ListAllMyBuckets')));
    assert.ok(vs.every((v) => v.status === 'unknown' && v.cause?.action === 's3:ListAllMyBuckets'));
  });

  test('would pass with the bucket inventory unreadable → pass (analysis proven)', () => {
    const vs = run(
      check,
      account(macie({ discovery: ok({ status: 'ENABLED' }) }), accessDenied('s3:ListAllMyBuckets')),
    );
    assert.ok(vs.every((v) => v.status === 'pass'));
  });
});

describe('macie.analysis: a member managed by an administrator account', () => {
  const ADMIN = '444455556666';
  test('nothing of its own → not_applicable naming the administrator', () => {
    const v = us(account(macie({ administrator: ok({ accountId: ADMIN, relationshipStatus: 'Enabled' }) })));
    assert.equal(v.status, 'not_applicable');
    assert.match(v.detail, /managed by administrator account 444455556666/);
    assert.equal(v.data.administratorAccount, ADMIN);
  });

  test('discovery enabled in the member → pass', () => {
    const v = us(
      account(
        macie({
          administrator: ok({ accountId: ADMIN, relationshipStatus: 'Enabled' }),
          discovery: ok({ status: 'ENABLED' }),
        }),
      ),
    );
    assert.equal(v.status, 'pass');
  });

  test('an ended relationship is no management: judged as standalone (fail)', () => {
    const v = us(account(macie({ administrator: ok({ accountId: ADMIN, relationshipStatus: 'Removed' }) })));
    assert.equal(v.status, 'fail');
  });

  test('administrator unreadable and nothing of its own → unknown naming GetAdministratorAccount', () => {
    const v = us(account(macie({ administrator: accessDenied('macie2:GetAdministratorAccount') })));
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'macie2:GetAdministratorAccount');
  });
});

describe('macie.analysis: the finding', () => {
  test('names the regions looking at nothing and claims them', () => {
    const fail = result('macie.analysis', 'fail', 'us-east-1', null, { reason: 'no-job' });
    const s = spoken('macie', [fail]);
    assert.match(s.text, /Amazon Macie was enabled in us-east-1 but examined no bucket there/);
    assert.equal(s.claims.length, 1);
  });

  test('finished jobs get their own sentence', () => {
    const fail = result('macie.analysis', 'fail', 'eu-west-1', null, { reason: 'no-running-job' });
    assert.match(spoken('macie', [fail]).text, /every classification job had finished/);
  });
});
