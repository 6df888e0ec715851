/**
 * End to end, CloudTrail depth (moto, with the proxy's gap fills 19 and 20): a CloudTrail Lake event data
 * store recording management events counts as logging where no trail does, and its unreadable list leaves
 * that region unknown, never "not enabled"; a trail's S3 bucket that was deleted, or that its policy makes
 * public, fails cloudtrail.bucket; network activity events are shown in cloudtrail.data-events' data.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Result } from '../../src/evidence/schema.js';
import { cliBuilt } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import { type Scenario, seedScenario } from '../support/seed.js';
import { type ScanRun, scanWith } from './helpers.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';

const scenario: Scenario = {
  name: 'cloudtrail-depth',
  regions: { 'us-east-1': {}, 'eu-west-1': {}, 'ap-southeast-2': {} },
  trails: [
    { name: 'east', homeRegion: 'us-east-1', bucketState: 'public', networkActivity: ['ec2.amazonaws.com'] },
    { name: 'apse', homeRegion: 'ap-southeast-2', bucketState: 'deleted' },
  ],
  // eu-west-1: no trail, a single-region Lake store recording management events
  proxy: { eventDataStores: { 'eu-west-1': [{ name: 'lake-eu', multiRegion: false }] } },
};

function all(results: readonly Result[], checkId: string): Result[] {
  return results.filter((r) => r.checkId === checkId);
}
function one(results: readonly Result[], checkId: string, region: string, resource?: RegExp): Result {
  const hits = all(results, checkId).filter(
    (r) => r.region === region && (resource === undefined || resource.test(r.resource ?? '')),
  );
  assert.equal(hits.length, 1, `${checkId} ${region}`);
  return hits[0]!;
}

describe('e2e: CloudTrail depth', { skip }, () => {
  let emu: Emulator;
  let run: ScanRun;
  let denied: ScanRun;

  before(async () => {
    emu = await startAwsEmulator();
    await seedScenario(emu, scenario);
    run = await scanWith(emu, ['--services', 'cloudtrail', '--max-attempts', '1']);
    assert.ok(run.code === 0 || run.code === 3, run.stderr);
    emu.configure({
      faults: [
        {
          region: 'eu-west-1',
          service: 'cloudtrail',
          operation: 'ListEventDataStores',
          fault: 'access-denied',
        },
      ],
    });
    denied = await scanWith(emu, ['--services', 'cloudtrail', '--max-attempts', '1']);
    assert.ok(denied.code === 0 || denied.code === 3, denied.stderr);
  });
  after(async () => {
    await emu?.stop();
  });

  test('a Lake event data store records the region no trail logs: enabled and logging pass on it', () => {
    const eu = one(run.results, 'cloudtrail.enabled', 'eu-west-1');
    assert.equal(eu.status, 'pass', eu.detail);
    assert.match(eu.detail, /event data store lake-eu/);
    assert.equal(one(run.results, 'cloudtrail.enabled', 'us-east-1').status, 'pass');
    const store = one(run.results, 'cloudtrail.logging', 'eu-west-1', /eventdatastore\/lake-eu$/);
    assert.equal(store.status, 'pass');
    // single-region: no multi-region recording
    assert.equal(one(run.results, 'cloudtrail.multi-region', 'global').status, 'fail');
  });

  test('ListEventDataStores denied: the region without a trail is unknown naming the action; the others unchanged', () => {
    const eu = one(denied.results, 'cloudtrail.enabled', 'eu-west-1');
    assert.equal(eu.status, 'unknown');
    assert.equal(eu.cause?.action, 'cloudtrail:ListEventDataStores');
    assert.equal(one(denied.results, 'cloudtrail.enabled', 'us-east-1').status, 'pass');
    assert.equal(one(denied.results, 'cloudtrail.multi-region', 'global').status, 'unknown');
    assert.equal(all(denied.results, 'cloudtrail.bucket').length, 2);
  });

  test('a deleted bucket and a public one fail cloudtrail.bucket, and the finding says so', () => {
    const gone = one(run.results, 'cloudtrail.bucket', 'ap-southeast-2');
    assert.equal(gone.status, 'fail', gone.detail);
    assert.equal(gone.data.bucketProblem, 'missing');
    const open = one(run.results, 'cloudtrail.bucket', 'us-east-1');
    assert.equal(open.status, 'fail', open.detail);
    assert.equal(open.data.bucketProblem, 'public');
    const md = readFileSync(join(run.out, 'finding.md'), 'utf8');
    assert.match(md, /apse sent its log files to an S3 bucket that does not exist/);
    assert.match(md, /was public through its bucket policy/);
  });

  test('network activity events are shown in the data-events result', () => {
    const v = one(run.results, 'cloudtrail.data-events', 'global');
    assert.deepEqual(v.data.networkActivity, ['trail east: ec2.amazonaws.com']);
  });
});
