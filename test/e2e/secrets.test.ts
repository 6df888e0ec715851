/**
 * End to end: known fake credentials (access key id, secret, session token) never appear in any output file,
 * stdout or stderr: scan with --debug, assess, report, and failing runs (rejected credentials, denials,
 * garbage answers, reset connections, an unreachable endpoint). DOCX files are unzipped before searching.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { type CliResult, cliBuilt, runCli, tempDir } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import { mixedRegions, seedScenario } from '../support/seed.js';
import { REGIONS } from './helpers.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';

const KEY_ID = 'AKIAWPSECRETTEST7Q3Z';
const SECRET = 'wpS3cr3t/Kn0wn+Value/9xQz7mR2tL8vB4nK6hJ1fD5sA0';
const TOKEN = 'IQoJb3JpZ2luX2VjEWatchpostKnownSessionToken/ZmFrZQ+dG9rZW4=Zz9yXw';
const CREDS = { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN };

/** Every form a value could take in a text output: raw, URL-encoded, JSON- or HTML-escaped. */
const NEEDLES: [string, string][] = [KEY_ID, SECRET, TOKEN].flatMap((v, i) => {
  const name = ['access key id', 'secret access key', 'session token'][i]!;
  return [
    ...new Set([
      v,
      encodeURIComponent(v),
      v.replaceAll('/', '\\/'),
      v.replaceAll('+', '&#43;'),
      v.slice(0, 16), // a leading fragment is already a leak
    ]),
  ].map((form): [string, string] => [name, form]);
});

/** Text of every file under `dir` (DOCX/ZIP entries unzipped), keyed by path. */
function outputs(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        walk(p);
        continue;
      }
      const bytes = readFileSync(p);
      out.set(p, bytes.toString('latin1'));
      if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
        for (const [entry, data] of Object.entries(unzipSync(new Uint8Array(bytes)))) {
          out.set(`${p}!${entry}`, strFromU8(data, true));
        }
      }
    }
  };
  walk(dir);
  return out;
}

function assertNoSecrets(where: string, text: string): void {
  for (const [name, form] of NEEDLES) {
    assert.ok(!text.includes(form), `${where} contains the ${name} (${JSON.stringify(form)})`);
  }
  assert.doesNotMatch(text, /Signature=[0-9a-f]{64}/, `${where} contains a request signature`);
  assert.doesNotMatch(text, /X-Amz-Security-Token/i, `${where} contains a security-token header`);
}

function assertRunClean(label: string, run: CliResult, dirs: string[]): number {
  assertNoSecrets(`${label} stdout`, run.stdout);
  assertNoSecrets(`${label} stderr`, run.stderr);
  let files = 0;
  for (const d of dirs) {
    for (const [path, text] of outputs(d)) {
      assertNoSecrets(`${label} ${path}`, text);
      files++;
    }
  }
  return files;
}

test('the search itself finds every form of every value', () => {
  for (const [, form] of NEEDLES) assert.throws(() => assertNoSecrets('probe', `x ${form} y`));
  assert.throws(() => assertNoSecrets('probe', `Signature=${'a'.repeat(64)}`));
});

describe('e2e: no credential in any output', { skip }, () => {
  let emu: Emulator;

  before(async () => {
    emu = await startAwsEmulator();
    await seedScenario(emu, mixedRegions);
  });
  after(async () => {
    await emu?.stop();
  });

  const scanArgs = (out: string): string[] => [
    'scan',
    '--regions',
    REGIONS.join(','),
    '--out',
    out,
    '--force',
    '--debug',
    '--max-attempts',
    '1',
  ];

  test('scan --debug, then assess and report of its bundle', async () => {
    const out = tempDir();
    const scan = await runCli(scanArgs(out), { ...CREDS, AWS_ENDPOINT_URL: emu.endpoint });
    assert.equal(scan.code, 3, scan.stderr);
    assert.match(scan.stderr, /guardduty:ListDetectors/, '--debug lines were written');
    const scanFiles = assertRunClean('scan', scan, [out]);
    assert.ok(scanFiles >= 5, `${scanFiles} output files searched`);
    assert.ok(
      [...outputs(out).keys()].some((p) => p.endsWith('!word/document.xml')),
      'the DOCX was unzipped and searched',
    );

    const assessOut = tempDir();
    const assess = await runCli(['assess', join(out, 'evidence.json'), '--out', assessOut, '--force'], CREDS);
    assert.equal(assess.code, 3, assess.stderr);
    assertRunClean('assess', assess, [assessOut]);

    const reportOut = tempDir();
    const report = await runCli(['report', join(out, 'evidence.json'), '--out', reportOut, '--force'], CREDS);
    assert.equal(report.code, 3, report.stderr);
    assert.ok(assertRunClean('report', report, [reportOut]) >= 3);
  });

  test('rejected credentials: the error names the problem, not the keys', async () => {
    emu.configure({ faults: [{ service: 'sts', fault: 'region-disabled' }] });
    try {
      const out = tempDir();
      const run = await runCli(scanArgs(out), { ...CREDS, AWS_ENDPOINT_URL: emu.endpoint });
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, /InvalidClientTokenId|credential/i);
      assertRunClean('rejected credentials', run, [out]);
    } finally {
      emu.configure({ faults: [] });
    }
  });

  test('denials, server errors, garbage and resets in --debug and in the evidence', async () => {
    emu.configure({
      faults: [
        { service: 'guardduty', fault: 'access-denied' },
        { service: 'cloudtrail', operation: 'GetTrailStatus', fault: 'scp-deny' },
        { service: 'inspector2', fault: 'server-error' },
        { service: 'cloudfront', fault: 'malformed' },
        { service: 'shield', fault: 'reset' },
        { service: 'support', fault: 'subscription-required' },
      ],
    });
    try {
      const out = tempDir();
      const run = await runCli(scanArgs(out), { ...CREDS, AWS_ENDPOINT_URL: emu.endpoint });
      assert.ok(run.code === 3 || run.code === 0, run.stderr);
      assert.match(run.stderr, /AccessDenied/);
      const evidence = readFileSync(join(out, 'evidence.json'), 'utf8');
      assert.match(evidence, /AccessDeniedException/, 'the denial was recorded');
      assertRunClean('faults', run, [out]);
    } finally {
      emu.configure({ faults: [] });
    }
  });

  test('an unreachable endpoint', async () => {
    const out = tempDir();
    const run = await runCli([...scanArgs(out)], { ...CREDS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    assert.notEqual(run.code, 0);
    assert.ok(run.stderr.length > 0);
    assertRunClean('unreachable', run, [out]);
  });
});
