/**
 * Regenerates samples/demo-evidence.json: a real scan, through the test emulator (moto + proxy), of the
 * `mixedRegions` scenario (3 regions; services on, off and half-configured; resources with and without
 * web ACLs). Run: npm run build && node --import tsx scripts/make-demo-sample.ts
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../test/support/cli.js';
import { startAwsEmulator } from '../test/support/proxy.js';
import { mixedRegions, seedScenario } from '../test/support/seed.js';

const emu = await startAwsEmulator();
try {
  await seedScenario(emu, mixedRegions);
  const out = mkdtempSync(join(tmpdir(), 'watchpost-demo-'));
  const run = await runCli(
    ['scan', '--regions', Object.keys(mixedRegions.regions).join(','), '--out', out, '--force', '--quiet'],
    { AWS_ENDPOINT_URL: emu.endpoint },
  );
  if (run.code !== 0 && run.code !== 3) throw new Error(`scan failed (${run.code}): ${run.stderr}`);
  // The sample keeps one date (tests and docs quote it), whenever it is regenerated.
  const evidence = readFileSync(join(out, 'evidence.json'), 'utf8')
    .replace(/"startedAt": "[^"]*"/, '"startedAt": "2026-11-27T09:02:42.881Z"')
    .replace(/"finishedAt": "[^"]*"/, '"finishedAt": "2026-11-27T09:02:44.104Z"');
  writeFileSync(join(import.meta.dirname, '..', 'samples', 'demo-evidence.json'), evidence);
  console.log('wrote samples/demo-evidence.json');
} finally {
  await emu.stop();
}
