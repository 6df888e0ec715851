/**
 * End to end (built CLI, moto with the proxy's Macie fills): macie.analysis and macie.enabled's relevance
 * first. us-east-1: Macie on with a bucket, automated discovery off, no job ("enabled but looking at
 * nothing"); eu-west-1: Macie on with a bucket, discovery off, a scheduled job; ap-southeast-2: no bucket,
 * with GetMacieSession denied there.
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
  name: 'macieAnalysis',
  regions: {
    'us-east-1': { macie: true, buckets: ['mct13-looks-nowhere'] },
    'eu-west-1': { macie: true, buckets: ['mct13-eu-data'] },
    'ap-southeast-2': {},
  },
  faults: [
    { region: 'ap-southeast-2', service: 'macie2', operation: 'GetMacieSession', fault: 'access-denied' },
  ],
  proxy: {
    supportPlan: 'business',
    macie: {
      'us-east-1': { automatedDiscovery: 'DISABLED' },
      'eu-west-1': { automatedDiscovery: 'DISABLED', jobs: [{ name: 'nightly-scan', jobStatus: 'IDLE' }] },
    },
  },
};

describe('e2e: macie.analysis and macie.enabled relevance', { skip }, () => {
  let emu: Emulator;
  let run: ScanRun;
  const one = (checkId: string, region: string): Result => {
    const hits = run.results.filter((r) => r.checkId === checkId && r.region === region);
    assert.equal(hits.length, 1, `${checkId} ${region}`);
    return hits[0]!;
  };

  before(async () => {
    emu = await startAwsEmulator();
    await seedScenario(emu, scenario);
    run = await scanWith(emu, ['--services', 'macie', '--max-attempts', '1']);
  });
  after(async () => {
    await emu?.stop();
  });

  test('enabled but looking at nothing → fail; a scheduled job → pass', () => {
    const us = one('macie.analysis', 'us-east-1');
    assert.equal(us.status, 'fail', us.detail);
    assert.match(us.detail, /looks at nothing/);
    const eu = one('macie.analysis', 'eu-west-1');
    assert.equal(eu.status, 'pass', eu.detail);
    assert.match(eu.detail, /nightly-scan/);
    assert.equal(one('macie.enabled', 'us-east-1').status, 'pass');
  });

  test('no bucket and GetMacieSession denied → not_applicable for both checks, naming the read', () => {
    const enabled = one('macie.enabled', 'ap-southeast-2');
    assert.equal(enabled.status, 'not_applicable', enabled.detail);
    assert.match(enabled.detail, /macie2:GetMacieSession/);
    assert.equal(one('macie.analysis', 'ap-southeast-2').status, 'not_applicable');
  });

  test('the finding says Macie examined no bucket in us-east-1', () => {
    const md = readFileSync(join(run.out, 'finding.md'), 'utf8');
    assert.match(md, /Amazon Macie was enabled in us-east-1 but examined no bucket there/);
  });

  test('the new reads were made only where Macie is enabled', () => {
    const counts = emu.counts();
    assert.equal(counts['macie2:GetAutomatedDiscoveryConfiguration'], 2);
    assert.equal(counts['macie2:ListClassificationJobs'], 2);
  });
});
