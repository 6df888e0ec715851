import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountEvidence } from '../../src/evidence/schema.js';
import { cloudtrailDataEvents } from '../../src/services/cloudtrail/checks/data-events.js';
import { cloudtrailEnabled } from '../../src/services/cloudtrail/checks/enabled.js';
import { cloudtrailLogging } from '../../src/services/cloudtrail/checks/logging.js';
import { cloudtrailManagementEvents } from '../../src/services/cloudtrail/checks/management-events.js';
import { cloudtrailMultiRegion } from '../../src/services/cloudtrail/checks/multi-region.js';
import type { EventDataStore } from '../../src/services/cloudtrail/schema.js';
import { networkActivitySources } from '../../src/services/cloudtrail/trails.js';
import { CHECKS } from '../../src/services/registry.js';
import {
  accessDenied,
  accountEvidence,
  cloudtrailEvidence,
  eventDataStore,
  ok,
  only,
  REGIONS,
  run,
  trail,
} from '../fixtures/evidence.js';

const stopped = ok({
  isLogging: false,
  latestDeliveryTime: null,
  latestDeliveryError: null,
  latestCloudWatchLogsDeliveryTime: null,
});

/** An account with no trail and the given stores. */
const lakeOnly = (...stores: EventDataStore[]): AccountEvidence =>
  accountEvidence({ cloudtrail: cloudtrailEvidence([], REGIONS, stores) });

/** The same, with ListEventDataStores denied in eu-west-1. */
function listDenied(a: AccountEvidence): AccountEvidence {
  const ct = a.cloudtrail!;
  return {
    ...a,
    cloudtrail: {
      ...ct,
      eventDataStores: { ...ct.eventDataStores, 'eu-west-1': accessDenied('cloudtrail:ListEventDataStores') },
    },
  };
}

const statuses = (a: AccountEvidence) => ({
  enabled: run(cloudtrailEnabled, a).map((v) => [v.region, v.status]),
  multi: only(run(cloudtrailMultiRegion, a)).status,
  management: only(run(cloudtrailManagementEvents, a)).status,
  logging: run(cloudtrailLogging, a).map((v) => [v.resource, v.status]),
});

describe('CloudTrail Lake counts as logging', () => {
  test('an ENABLED multi-region store recording management events passes enabled, multi-region, management-events, logging, naming the store', () => {
    const s = eventDataStore('lake-all');
    const a = lakeOnly(s);
    assert.deepEqual(statuses(a), {
      enabled: REGIONS.map((r) => [r, 'pass']),
      multi: 'pass',
      management: 'pass',
      logging: [[s.arn, 'pass']],
    });
    assert.match(only(run(cloudtrailEnabled, a), 'eu-west-1').detail, /event data store lake-all/);
    assert.deepEqual(only(run(cloudtrailEnabled, a), 'eu-west-1').data.eventDataStores, [s.arn]);
    assert.match(only(run(cloudtrailMultiRegion, a)).detail, /lake-all/);
    assert.match(only(run(cloudtrailManagementEvents, a)).detail, /lake-all/);
  });

  test('a single-region store covers its home region only; multi-region and management-events fail', () => {
    const a = lakeOnly(eventDataStore('local', { multiRegion: false, homeRegion: 'us-east-1' }));
    const s = statuses(a);
    assert.deepEqual(s.enabled, [
      ['eu-west-1', 'fail'],
      ['us-east-1', 'pass'],
    ]);
    assert.equal(s.multi, 'fail');
    assert.equal(s.management, 'fail');
  });

  test('a store that does not ingest, or records no management events, does not count', () => {
    for (const s of [
      eventDataStore('stopped', { status: 'STOPPED_INGESTION' }),
      eventDataStore('config', {
        advanced: [
          { name: null, fieldSelectors: [{ field: 'eventCategory', equals: ['ConfigurationItem'] }] },
        ],
      }),
      eventDataStore('bare', { advanced: [] }),
    ]) {
      const st = statuses(lakeOnly(s));
      assert.deepEqual(
        st.enabled,
        REGIONS.map((r) => [r, 'fail']),
        s.name,
      );
      assert.equal(st.multi, 'fail', s.name);
      assert.equal(st.management, 'fail', s.name);
      assert.equal(only(run(cloudtrailLogging, lakeOnly(s))).status, 'not_applicable', s.name);
    }
  });

  test('write-only management events: enabled passes, management-events fails naming the store', () => {
    const s = eventDataStore('wo', {
      advanced: [
        {
          name: null,
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Management'] },
            { field: 'readOnly', equals: ['false'] },
          ],
        },
      ],
    });
    const a = lakeOnly(s);
    assert.equal(only(run(cloudtrailEnabled, a), 'us-east-1').status, 'pass');
    const m = only(run(cloudtrailManagementEvents, a));
    assert.equal(m.status, 'fail');
    assert.match(m.detail, /event data store wo records write-only management events/);
  });

  test('a failed ListEventDataStores leaves regions without a logging trail unknown, never fail', () => {
    const a = listDenied(lakeOnly());
    const st = statuses(a);
    assert.deepEqual(
      st.enabled,
      REGIONS.map((r) => [r, 'unknown']),
    );
    assert.equal(st.multi, 'unknown');
    assert.equal(st.management, 'unknown');
    assert.deepEqual(st.logging, [[null, 'unknown']]);
    assert.equal(
      only(run(cloudtrailEnabled, a), 'us-east-1').cause?.action,
      'cloudtrail:ListEventDataStores',
    );
  });

  test('a failed GetEventDataStore leaves them unknown too, naming that action', () => {
    const s: EventDataStore = {
      ...eventDataStore('hidden'),
      details: accessDenied('cloudtrail:GetEventDataStore'),
    };
    const a = lakeOnly(s);
    const v = only(run(cloudtrailEnabled, a), 'us-east-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'cloudtrail:GetEventDataStore');
    assert.equal(only(run(cloudtrailMultiRegion, a)).status, 'unknown');
  });

  test('a store proven logging still passes where another region listing failed', () => {
    const a = listDenied(lakeOnly(eventDataStore('lake-all')));
    assert.deepEqual(
      statuses(a).enabled,
      REGIONS.map((r) => [r, 'pass']),
    );
  });

  test('Lake evidence absent (older bundle) → unknown where no trail logs, not fail', () => {
    const a = lakeOnly();
    const { eventDataStores: _, ...rest } = a.cloudtrail!;
    const old = { ...a, cloudtrail: rest };
    assert.deepEqual(
      statuses(old).enabled,
      REGIONS.map((r) => [r, 'unknown']),
    );
    assert.equal(
      only(run(cloudtrailEnabled, old), 'us-east-1').cause?.action,
      'cloudtrail:ListEventDataStores',
    );
  });

  test('where a trail logs, a failed store read changes no verdict', () => {
    const healthy = accountEvidence();
    const denied = listDenied(healthy);
    assert.deepEqual(statuses(denied), statuses(healthy));
  });

  test('a stopped trail and a logging store: the store passes the region, the trail still fails logging', () => {
    const t = trail({ status: stopped });
    const s = eventDataStore('lake-all');
    const a = accountEvidence({ cloudtrail: cloudtrailEvidence([t], REGIONS, [s]) });
    const st = statuses(a);
    assert.deepEqual(
      st.enabled,
      REGIONS.map((r) => [r, 'pass']),
    );
    assert.equal(st.multi, 'pass');
    assert.deepEqual(st.logging, [
      [t.arn, 'fail'],
      [s.arn, 'pass'],
    ]);
  });
});

describe('network activity events', () => {
  const network = {
    name: 'vpce',
    fieldSelectors: [
      { field: 'eventCategory', equals: ['NetworkActivity'] },
      { field: 'eventSource', equals: ['s3.amazonaws.com', 'ec2.amazonaws.com'] },
    ],
  };

  test('the event sources of NetworkActivity selectors, sorted; none without such a selector', () => {
    assert.deepEqual(networkActivitySources([network]), ['ec2.amazonaws.com', 's3.amazonaws.com']);
    assert.deepEqual(networkActivitySources(null), []);
    assert.deepEqual(
      networkActivitySources([
        { name: null, fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
      ]),
      [],
    );
  });

  test("shown in data-events' data for a logging trail, without changing its verdict", () => {
    const base = trail();
    const sel = base.eventSelectors.ok ? base.eventSelectors.value : null;
    const t = trail({ eventSelectors: ok({ basic: sel!.basic, advanced: [network] }) });
    const withNet = only(run(cloudtrailDataEvents, accountEvidence({ cloudtrail: cloudtrailEvidence([t]) })));
    const without = only(run(cloudtrailDataEvents, accountEvidence()));
    assert.equal(withNet.status, without.status);
    assert.deepEqual(withNet.data.networkActivity, ['trail main-trail: ec2.amazonaws.com, s3.amazonaws.com']);
    assert.deepEqual(without.data.networkActivity, []);
  });
});

describe('Lake not read where a trail proves it all (the collector skips ListEventDataStores)', () => {
  const cloudtrailChecks = CHECKS.filter((c) => c.meta.service === 'cloudtrail');
  // The proof the collector looks for: a logging multi-region trail recording read and write management events.
  const proof = trail();
  const stores: [string, EventDataStore[]][] = [
    ['none', []],
    ['a logging multi-region store', [eventDataStore('lake-all')]],
    ['a single-region store', [eventDataStore('local', { multiRegion: false, homeRegion: 'us-east-1' })]],
  ];
  for (const [name, list] of stores) {
    for (const denied of [false, true]) {
      test(`${name}${denied ? ', listing denied in eu-west-1' : ''}: every verdict but the stores' own logging rows is the same`, () => {
        const read = accountEvidence({ cloudtrail: cloudtrailEvidence([proof], REGIONS, list) });
        const withLake = denied ? listDenied(read) : read;
        const { eventDataStores: _, ...rest } = withLake.cloudtrail!;
        const skipped: AccountEvidence = {
          ...withLake,
          cloudtrail: { ...rest, lakeNotRead: { trail: proof.arn } },
        };
        for (const check of cloudtrailChecks) {
          const storeArns = new Set(list.map((s) => s.arn));
          const a = run(check, withLake).filter((v) => !storeArns.has(v.resource ?? ''));
          assert.deepEqual(run(check, skipped), a, check.meta.id);
        }
      });
    }
  }
});
