/**
 * Records the answers of a `mixedRegions` scan (three regions) from the emulator into
 * test/fixtures/answers/mixed-regions.json, for the fuzz test of hollow answers. Run it again when the
 * scenario, the emulator's gap fills or the calls watchpost makes change:
 *   node --import tsx test/support/record-answers.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { record } from './answers.js';
import { startAwsEmulator } from './proxy.js';
import { mixedRegions, seedScenario, TEST_CREDENTIALS } from './seed.js';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'answers', 'mixed-regions.json');
const REGIONS = Object.keys(mixedRegions.regions);

const emu = await startAwsEmulator();
try {
  await seedScenario(emu, mixedRegions);
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  const recording = await record(emu.endpoint, REGIONS, 'mixedRegions');
  mkdirSync(join(ROOT, 'test', 'fixtures', 'answers'), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(recording, null, 1)}\n`);
  console.log(`recorded ${recording.answers.length} answers to ${OUT}`);
} finally {
  await emu.stop();
}
