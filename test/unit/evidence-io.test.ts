import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InputError, parseBundle, readBundle, toJson } from '../../src/evidence/bundle.js';
import { BundleWriter } from '../../src/evidence/bundle-writer.js';
import {
  checkOutputDir,
  FIGURE_FILE_NAME,
  isOutputFileName,
  OUTPUT_FILE_NAMES,
  OutputDir,
} from '../../src/evidence/output-dir.js';
import {
  type AccountEvidence,
  AccountEvidenceSchema,
  type Bundle,
  BundleSchema,
} from '../../src/evidence/schema.js';
import { mergeBundles } from '../../src/pipeline/merge.js';
import { writeOutputs } from '../../src/pipeline/outputs.js';
import { OUTPUT_FILES } from '../../src/render/index.js';
import { accountEvidence, bundle as fixtureBundle } from '../fixtures/evidence.js';

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

const tmp = () => mkdtempSync(join(tmpdir(), 'watchpost-test-'));

function account(id: string): AccountEvidence {
  return {
    accountId: id,
    partition: 'aws',
    callerArn: `arn:aws:iam::${id}:user/auditor`,
    regionListing: { ok: true, value: { enabled: ['eu-west-1'], skipped: [] } },
    scannedRegions: ['eu-west-1'],
    unavailableRegions: [],
    accessError: null,
    shield: { ok: true, value: { subscriptionState: 'INACTIVE' } },
  };
}

function bundle(accounts: AccountEvidence[], finishedAt = '2026-11-27T10:00:00.000Z'): Bundle {
  return {
    schemaVersion: 1,
    tool: { name: 'watchpost', version: '0.1.0' },
    startedAt: '2026-11-27T09:00:00.000Z',
    finishedAt,
    complete: true,
    partition: 'aws',
    accounts,
    calls: { calls: 3, retries: 1, errors: 0, byOperation: { 'shield:GetSubscriptionState': 3 } },
  };
}

describe('reading bundles', () => {
  test('a valid bundle round-trips', () => {
    const dir = tmp();
    const b = bundle([account('111111111111')]);
    writeFileSync(join(dir, 'e.json'), toJson(b));
    assert.deepEqual(readBundle(join(dir, 'e.json')), b);
  });
  test('bundles read back byte for byte: the schema composed from the service registry keeps every field and its order', () => {
    // The sample (every service, inventory, administrators) and a fixture account of every service.
    const sample = readFileSync('samples/demo-evidence.json', 'utf8');
    assert.equal(toJson(parseBundle(JSON.parse(sample), 'sample')), sample);
    const full = toJson(fixtureBundle([accountEvidence()]));
    assert.equal(toJson(parseBundle(JSON.parse(full), 'fixture')), full);
    // A parsed bundle is written in the schema's order: the order of schema version 1.
    assert.deepEqual(Object.keys(AccountEvidenceSchema.shape), [
      'accountId',
      'accountName',
      'partition',
      'callerArn',
      'regionListing',
      'scannedRegions',
      'unavailableRegions',
      'accessError',
      'inventory',
      'usage',
      'cloudtrail',
      'trustedadvisor',
      'inspector',
      'macie',
      'guardduty',
      'waf',
      'shield',
      'delegatedAdministrators',
    ]);
  });
  test('invalid JSON names file, line and column', () => {
    const dir = tmp();
    const p = join(dir, 'bad.json');
    writeFileSync(p, '{\n  "schemaVersion": 1,\n  oops\n}');
    assert.throws(
      () => readBundle(p),
      (e: Error) => e instanceof InputError && /bad\.json:3:\d+: .*not valid JSON/.test(e.message),
    );
  });
  test('a wrong schema version is refused by name', () => {
    assert.throws(
      () => parseBundle({ ...bundle([]), schemaVersion: 99 }, 'x.json'),
      /x\.json: evidence schema version 99 is not supported/,
    );
  });
  test('a wrong field names its path', () => {
    const b = bundle([account('111111111111')]) as unknown as { accounts: { accountId: string }[] };
    b.accounts[0]!.accountId = '../../etc';
    assert.throws(
      () => parseBundle(b, 'x.json'),
      /x\.json: not a valid watchpost evidence bundle at \.accounts\[0\]\.accountId/,
    );
  });
  test('a missing file and a folder are input errors', () => {
    assert.throws(() => readBundle('/nonexistent/e.json'), /cannot read evidence bundle \(ENOENT\)/);
    assert.throws(() => readBundle(tmp()), /not a file/);
  });
  test('non-object input is refused without a stack', () => {
    for (const v of [null, 42, 'x', [], { schemaVersion: 1 }]) {
      assert.throws(() => parseBundle(v, 'f.json'), InputError);
    }
  });
});

describe('output folder', () => {
  test('refuses a non-empty folder without force, and keeps its files', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'results.json'), 'precious');
    assert.throws(() => OutputDir.open(dir, { force: false }), /already exists and is not empty.*--force/);
    assert.equal(readFileSync(join(dir, 'results.json'), 'utf8'), 'precious');
  });
  test('with force, replaces only the files it writes', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    const out = OutputDir.open(dir, { force: true });
    out.write('results.json', '[]\n');
    assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'keep me');
    assert.equal(readFileSync(join(dir, 'results.json'), 'utf8'), '[]\n');
    assert.deepEqual(readdirSync(dir).sort(), ['notes.txt', 'results.json']); // no temp files left
  });
  test('never overwrites a protected input file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'evidence.json'), 'input');
    const plan = { force: true, protect: [join(dir, 'evidence.json')] };
    // refused when opened (nothing written yet), and by write() as the last guard
    assert.throws(() => OutputDir.open(dir, plan), /evidence\.json there is the input file/);
    const out = OutputDir.open(dir, { ...plan, writes: ['results.json'] });
    assert.throws(() => out.write('evidence.json', 'x'), /refusing to overwrite the input file/);
    assert.equal(readFileSync(join(dir, 'evidence.json'), 'utf8'), 'input');
  });
  // Before: `merge IN/evidence.json --out LINK --force` with LINK -> IN replaced its own input.
  test('a protected input is recognised through a symbolic link to its folder, before anything is written', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'evidence.json'), 'input');
    symlinkSync(join(dir, 'in'), join(dir, 'link'));
    const plan = { force: true, protect: [join(dir, 'in', 'evidence.json')] };
    assert.throws(
      () => OutputDir.open(join(dir, 'link'), plan),
      /link: evidence\.json there is the input file .*in\/evidence\.json; refusing to overwrite it/,
    );
    // a command that does not write evidence.json may use the folder
    const out = OutputDir.open(join(dir, 'link'), { ...plan, writes: ['results.json'] });
    assert.throws(() => out.write('evidence.json', 'x'), /refusing to overwrite the input file/);
    out.write('results.json', '[]');
    assert.equal(readFileSync(join(dir, 'in', 'evidence.json'), 'utf8'), 'input');
    // and through a relative path with .. in it
    assert.throws(
      () =>
        checkOutputDir(join(dir, 'in', '..', 'link'), {
          force: true,
          protect: [join(dir, 'in', 'evidence.json')],
        }),
      /refusing to overwrite it/,
    );
  });
  test('missing folders are created level by level; a file or a dangling link on the way is refused', () => {
    const dir = tmp();
    const out = OutputDir.open(join(dir, 'a', 'b', 'c'), { force: false });
    out.write('results.json', '[]');
    assert.ok(existsSync(join(dir, 'a', 'b', 'c', 'results.json')));
    writeFileSync(join(dir, 'file'), 'x');
    assert.throws(
      () => OutputDir.open(join(dir, 'file', 'sub'), { force: false }),
      /file is a file, so no folder can be made in it/,
    );
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    assert.throws(
      () => OutputDir.open(join(dir, 'dangling', 'sub'), { force: false }),
      /dangling is a symbolic link to .*nowhere, which does not exist/,
    );
    assert.deepEqual(readdirSync(dir).sort(), ['a', 'dangling', 'file']);
  });
  test('/proc and /sys are refused without touching them', () => {
    for (const p of ['/proc/watchpost-out', '/proc/self/fd/1/x', '/sys/watchpost', '/proc']) {
      assert.throws(
        () => checkOutputDir(p, { force: true }),
        (e: Error) => e instanceof InputError && /: \/(proc|sys) is not a place for files/.test(e.message),
      );
    }
  });
  test('a folder that cannot be written is refused up front', {
    skip: process.getuid?.() === 0 ? 'root can write anywhere' : false,
  }, () => {
    const dir = tmp();
    mkdirSync(join(dir, 'ro'), { mode: 0o500 });
    assert.throws(
      () => checkOutputDir(join(dir, 'ro', 'x'), { force: false }),
      /cannot write in .*ro \(EACCES\)/,
    );
  });
  // Before: a SIGKILL while writing left `.results.json.<pid>.tmp`, which made the folder "not empty" for
  // ever after.
  test('stale temporary files of ours are removed and do not count; others stay and count', () => {
    const dir = tmp();
    const dead = deadPid();
    writeFileSync(join(dir, `.results.json.${dead}.tmp`), 'partial');
    writeFileSync(join(dir, `.evidence.json.${process.pid}.tmp`), 'an earlier process with our pid');
    checkOutputDir(dir, { force: false });
    assert.deepEqual(readdirSync(dir), []);

    // a live writer's file is not stale (unless a day old); a name not ours is never touched
    const live = join(dir, `.finding.md.${process.ppid}.tmp`);
    writeFileSync(live, 'being written');
    assert.throws(() => checkOutputDir(dir, { force: false }), /not empty/);
    assert.ok(existsSync(live));
    const old = new Date(Date.now() - 25 * 60 * 60 * 1000);
    utimesSync(live, old, old);
    const foreign = join(dir, `.notes.txt.${dead}.tmp`);
    writeFileSync(foreign, 'not ours');
    assert.throws(() => checkOutputDir(dir, { force: false }), /not empty/);
    assert.deepEqual(readdirSync(dir), [`.notes.txt.${dead}.tmp`]);
  });
  test('the temporary file of a BundleWriter in progress is not removed by a second open', () => {
    const dir = tmp();
    const w = new BundleWriter(dir, 'evidence.json', {
      schemaVersion: 1,
      tool: { name: 'watchpost', version: '0' },
      startedAt: 'x',
      partition: 'aws',
    });
    OutputDir.open(dir, { force: true });
    assert.equal(readdirSync(dir).length, 1);
    w.abandon();
    assert.deepEqual(readdirSync(dir), []);
  });
  test('OUTPUT_FILE_NAMES lists every file the outputs are written to', async () => {
    for (const name of Object.values(OUTPUT_FILES))
      assert.ok((OUTPUT_FILE_NAMES as readonly string[]).includes(name), name);
    const dir = tmp();
    const b = readBundle(join(import.meta.dirname, '..', '..', 'samples', 'demo-evidence.json'));
    const { runChecks } = await import('../../src/checks/run.js');
    const out = OutputDir.open(dir, { force: false });
    await writeOutputs(out, b, runChecks(b), { xrefs: {}, evidence: true });
    for (const name of readdirSync(dir)) assert.ok(isOutputFileName(name), name);
    assert.ok(readdirSync(dir).length >= 8);
    // The subsections' pictures: one SVG and one PNG each, named as FIGURE_FILE_NAME says.
    const pictures = readdirSync(dir).filter((n) => !(OUTPUT_FILE_NAMES as readonly string[]).includes(n));
    assert.ok(pictures.length >= 2 && pictures.every((n) => FIGURE_FILE_NAME.test(n)), pictures.join(', '));
    assert.ok(!isOutputFileName('coverage-../x.svg') && !isOutputFileName('coverage-.svg'));
  });
  test('rejects file names that are paths', () => {
    const out = OutputDir.open(tmp(), { force: false });
    assert.throws(() => out.write('../escape.json', 'x'));
    assert.throws(() => out.write('.hidden', 'x'));
  });
});

describe('streaming bundle writer', () => {
  test('writes a valid bundle account by account, and only under its final name when finished', () => {
    const dir = tmp();
    const w = new BundleWriter(dir, 'evidence.json', {
      schemaVersion: 1,
      tool: { name: 'watchpost', version: '0.1.0' },
      startedAt: '2026-11-27T09:00:00.000Z',
      partition: 'aws',
    });
    w.add(account('111111111111'));
    w.add(account('222222222222'));
    assert.equal(existsSync(join(dir, 'evidence.json')), false);
    w.finish({
      finishedAt: '2026-11-27T10:00:00.000Z',
      complete: false,
      calls: { calls: 1, retries: 0, errors: 0, byOperation: {} },
      organization: {
        id: 'o-1',
        managementAccountId: '111111111111',
        pendingAccounts: [{ id: '333333333333', name: 'x' }],
      },
    });
    const b = readBundle(join(dir, 'evidence.json'));
    assert.deepEqual(
      b.accounts.map((a) => a.accountId),
      ['111111111111', '222222222222'],
    );
    assert.equal(b.complete, false);
    assert.equal(b.organization?.pendingAccounts[0]?.id, '333333333333');
  });
  test('an empty bundle is valid too; abandon leaves nothing', () => {
    const dir = tmp();
    const header = {
      schemaVersion: 1 as const,
      tool: { name: 'watchpost' as const, version: '0' },
      startedAt: 'x',
      partition: 'aws',
    };
    const w = new BundleWriter(dir, 'evidence.json', header);
    w.finish({
      finishedAt: null,
      complete: true,
      calls: { calls: 0, retries: 0, errors: 0, byOperation: {} },
    });
    assert.equal(
      BundleSchema.safeParse(JSON.parse(readFileSync(join(dir, 'evidence.json'), 'utf8'))).success,
      true,
    );
    const dir2 = tmp();
    const w2 = new BundleWriter(dir2, 'evidence.json', header);
    w2.abandon();
    assert.deepEqual(readdirSync(dir2), []);
  });
});

describe('merge', () => {
  test('joins accounts, sums calls, keeps the latest scan of a repeated account', () => {
    const older = account('222222222222');
    const newer = {
      ...account('222222222222'),
      shield: { ok: true as const, value: { subscriptionState: 'ACTIVE' } },
    };
    const { bundle: m, replaced } = mergeBundles([
      { path: 'a.json', bundle: bundle([account('111111111111'), older], '2026-11-27T10:00:00.000Z') },
      { path: 'b.json', bundle: bundle([newer], '2026-11-27T11:00:00.000Z') },
    ]);
    assert.deepEqual(
      m.accounts.map((a) => a.accountId),
      ['111111111111', '222222222222'],
    );
    assert.equal(m.accounts[1]?.shield?.ok && m.accounts[1].shield.value.subscriptionState, 'ACTIVE');
    assert.deepEqual(replaced, ['222222222222']);
    assert.equal(m.calls.calls, 6);
    assert.equal(BundleSchema.safeParse(m).success, true);
  });
  test('refuses bundles of different partitions', () => {
    const cn = { ...bundle([]), partition: 'aws-cn' };
    assert.throws(
      () =>
        mergeBundles([
          { path: 'a', bundle: bundle([]) },
          { path: 'b', bundle: cn },
        ]),
      /b: partition aws-cn differs/,
    );
  });
});
