import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountEvidence } from '../../src/evidence/schema.js';
import { cloudtrailDataEvents as check } from '../../src/services/cloudtrail/checks/data-events.js';
import type { Trail } from '../../src/services/cloudtrail/schema.js';
import { result } from '../finding/helpers.js';
import {
  accessDenied,
  accountEvidence,
  cloudtrailEvidence,
  ok,
  only,
  run,
  trail,
} from '../fixtures/evidence.js';
import { spoken } from '../support/prose.js';

type Selectors = Extract<Trail['eventSelectors'], { ok: true }>['value'];
const basic = (readWriteType: string | null, dataResources: { type: string; values: string[] }[]) => ({
  readWriteType,
  includeManagementEvents: true,
  excludeManagementEventSources: [],
  dataResources,
});
const withSelectors = (sel: Selectors, over: Partial<Trail> = {}) =>
  accountEvidence({ cloudtrail: cloudtrailEvidence([trail({ eventSelectors: ok(sel), ...over })]) });
const adv = (...fields: { field: string; equals?: string[]; startsWith?: string[] }[]) => ({
  name: null,
  fieldSelectors: fields,
});
const v = (a: AccountEvidence) => only(run(check, a));

describe('cloudtrail.data-events', () => {
  test('the healthy fixture (all S3 objects and functions, read and write) passes', () => {
    const r = v(accountEvidence());
    assert.equal(r.status, 'pass', r.detail);
    assert.match(r.detail, /main-trail/);
  });

  test('management events only → fail naming both kinds', () => {
    const r = v(withSelectors({ basic: [basic('All', [])], advanced: null }));
    assert.equal(r.status, 'fail');
    assert.deepEqual(r.data.missing, ['s3', 'lambda']);
  });

  test('write-only S3 data events → fail saying write only', () => {
    const r = v(
      withSelectors({
        basic: [
          basic('WriteOnly', [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::'] }]),
          basic('All', [{ type: 'AWS::Lambda::Function', values: ['arn:aws:lambda'] }]),
        ],
        advanced: null,
      }),
    );
    assert.equal(r.status, 'fail');
    assert.deepEqual(r.data.missing, ['s3']);
    assert.match(r.detail, /write only/);
  });

  test('some buckets only → fail (partial)', () => {
    const r = v(
      withSelectors({
        basic: [
          basic('All', [
            { type: 'AWS::S3::Object', values: ['arn:aws:s3:::customer-data/'] },
            { type: 'AWS::Lambda::Function', values: ['arn:aws:lambda'] },
          ]),
        ],
        advanced: null,
      }),
    );
    assert.equal(r.status, 'fail');
    assert.match(r.detail, /only for some resources/);
  });

  test('advanced selectors: Data + resources.type, with or without readOnly', () => {
    const all = v(
      withSelectors({
        basic: null,
        advanced: [
          adv({ field: 'eventCategory', equals: ['Management'] }),
          adv(
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
          ),
          adv(
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::Lambda::Function'] },
          ),
        ],
      }),
    );
    assert.equal(all.status, 'pass', all.detail);
    const readOnly = v(
      withSelectors({
        basic: null,
        advanced: [
          adv(
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
            { field: 'readOnly', equals: ['true'] },
          ),
          adv(
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::Lambda::Function'] },
          ),
        ],
      }),
    );
    assert.equal(readOnly.status, 'fail');
    assert.match(readOnly.detail, /read only/);
    const someArns = v(
      withSelectors({
        basic: null,
        advanced: [
          adv(
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
            { field: 'resources.ARN', startsWith: ['arn:aws:s3:::customer-data/'] },
          ),
          adv(
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::Lambda::Function'] },
          ),
        ],
      }),
    );
    assert.equal(someArns.status, 'fail');
  });

  test('no bucket and no function → not_applicable; only the kind that exists is required', () => {
    const base = accountEvidence();
    const none = accountEvidence({
      inventory: {
        ...base.inventory!,
        s3Buckets: ok({ buckets: [] }),
        lambdaFunctions: { 'us-east-1': ok({ names: [] }), 'eu-west-1': ok({ names: [] }) },
      },
      cloudtrail: cloudtrailEvidence([
        trail({ eventSelectors: ok({ basic: [basic('All', [])], advanced: null }) }),
      ]),
    });
    assert.equal(v(none).status, 'not_applicable');
    const s3Only = accountEvidence({
      inventory: {
        ...base.inventory!,
        lambdaFunctions: { 'us-east-1': ok({ names: [] }), 'eu-west-1': ok({ names: [] }) },
      },
      cloudtrail: cloudtrailEvidence([
        trail({
          eventSelectors: ok({
            basic: [basic('All', [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }])],
            advanced: null,
          }),
        }),
      ]),
    });
    assert.equal(v(s3Only).status, 'pass');
  });

  test('inventory unreadable and no data events → unknown naming the inventory read', () => {
    const base = accountEvidence();
    const a = accountEvidence({
      inventory: {
        ...base.inventory!,
        s3Buckets: accessDenied('s3:ListAllMyBuckets'),
        lambdaFunctions: {
          'us-east-1': accessDenied('lambda:ListFunctions'),
          'eu-west-1': ok({ names: [] }),
        },
      },
      cloudtrail: cloudtrailEvidence([
        trail({ eventSelectors: ok({ basic: [basic('All', [])], advanced: null }) }),
      ]),
    });
    const r = v(a);
    assert.equal(r.status, 'unknown');
    assert.equal(r.cause?.action, 's3:ListAllMyBuckets');
  });

  test('selectors unreadable → unknown, never fail', () => {
    const r = v(
      accountEvidence({
        cloudtrail: cloudtrailEvidence([
          trail({ eventSelectors: accessDenied('cloudtrail:GetEventSelectors') }),
        ]),
      }),
    );
    assert.equal(r.status, 'unknown');
    assert.equal(r.cause?.action, 'cloudtrail:GetEventSelectors');
  });

  test('evidence from before DataResources were read → unknown (not collected)', () => {
    const r = v(
      withSelectors({
        basic: [{ readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: [] }],
        advanced: null,
      }),
    );
    assert.equal(r.status, 'unknown');
    assert.equal(r.cause?.kind, 'not-collected');
  });

  test('a stopped or single-region trail does not count', () => {
    const stopped = v(
      accountEvidence({
        cloudtrail: cloudtrailEvidence([
          trail({
            status: ok({
              isLogging: false,
              latestDeliveryTime: null,
              latestDeliveryError: null,
              latestCloudWatchLogsDeliveryTime: null,
            }),
          }),
        ]),
      }),
    );
    assert.equal(stopped.status, 'fail');
    assert.equal(
      v(accountEvidence({ cloudtrail: cloudtrailEvidence([trail({ isMultiRegion: false })]) })).status,
      'fail',
    );
  });

  test('the finding names what is not recorded and claims the fail', () => {
    const s = spoken('cloudtrail', [
      result('cloudtrail.data-events', 'fail', 'global', null, { missing: ['s3'] }),
    ]);
    assert.match(
      s.text,
      /No multi-region trail recorded all reads and writes of S3 objects \(CloudTrail data events\)/,
    );
    assert.equal(s.claims.length, 1);
  });
});
