/**
 * End to end: malformed or hostile evidence bundles, templates, account files and arguments given to the
 * built CLI. Each must exit 2 with one line on stderr naming the file and the place (plus at most a hint
 * line), no stack trace, nothing on stdout, and leave an existing output folder exactly as it was (even with
 * --force). `--final` with unresolved items lists them with line numbers and writes nothing.
 * No AWS endpoint is reachable: AWS_ENDPOINT_URL points at a closed loopback port.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { MAX_BUNDLE_BYTES } from '../../src/evidence/bundle.js';
import { cliBuilt, makeFifo, ROOT, runCli, tempDir } from '../support/cli.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';
const NO_AWS = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
/** The line after a usage error: the help of the command it is about (or the overview). */
const HINT = /^\(see: watchpost help( [a-z]+)?\)$/;
const ALSO_ASSESS = new Set([
  'JSON that is an array',
  'wrong schema version',
  'truncated JSON',
  'path traversal in an account id',
]);
/** Subtests run a few CLI processes at once. */
const PARALLEL = { concurrency: 3 };

/** Every file under `dir` with its content hash and mtime: what "unchanged" means. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out[p] = `${createHash('sha256').update(readFileSync(p)).digest('hex')}@${st.mtimeMs}`;
    }
  };
  walk(dir);
  return out;
}

/** An output folder holding the files of an earlier run (which must survive untouched). */
function occupiedOut(): string {
  const dir = join(tempDir(), 'out');
  mkdirSync(dir);
  writeFileSync(join(dir, 'finding.md'), '# earlier finding\n');
  writeFileSync(join(dir, 'evidence.json'), '{"earlier": true}\n');
  return dir;
}

async function expectBad(
  args: string[],
  place: RegExp,
  watch: string[] = [],
  env: Record<string, string> = {},
): Promise<string> {
  const before = watch.map(snapshot);
  const run = await runCli(args, { ...NO_AWS, ...env }, { timeoutMs: 60_000 });
  const label = `watchpost ${args.join(' ')}`;
  assert.equal(run.code, 2, `${label}: exit ${run.code}\n${run.stderr}`);
  assert.equal(run.stdout, '', `${label}: stdout`);
  assert.ok(!/^\s+at /m.test(run.stderr), `${label}: stack trace\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, /internal error/, label);
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  assert.ok(
    lines.length === 1 || (lines.length === 2 && HINT.test(lines[1]!)),
    `${label}: stderr\n${run.stderr}`,
  );
  assert.match(lines[0]!, place, label);
  watch.forEach((dir, i) => {
    assert.deepEqual(snapshot(dir), before[i], `${label}: ${dir} changed`);
  });
  return lines[0]!;
}

describe('e2e: bad input exits 2 with one line, no stack trace, nothing changed', {
  skip,
  ...PARALLEL,
}, () => {
  let dir: string;
  let good: Record<string, unknown>;
  const file = (name: string, content: string | Buffer): string => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const bundle = (name: string, edit: (b: Record<string, unknown>) => unknown): string =>
    file(name, JSON.stringify(edit(structuredClone(good))));

  before(() => {
    dir = tempDir('watchpost-bad-input-');
    good = JSON.parse(readFileSync(join(ROOT, 'samples', 'demo-evidence.json'), 'utf8')) as Record<
      string,
      unknown
    >;
  });

  test('the sample bundle itself is accepted (so the failures below are about the damage)', async () => {
    const out = join(tempDir(), 'out');
    const run = await runCli(['report', join(ROOT, 'samples', 'demo-evidence.json'), '--out', out], NO_AWS);
    assert.equal(run.code, 3, run.stderr);
  });

  describe('evidence bundles (report and assess)', PARALLEL, () => {
    const cases: [string, () => string, RegExp][] = [
      ['JSON that is an array', () => file('array.json', '[1,2,3]'), /array\.json: .*at \(top level\)/],
      [
        'wrong schema version',
        () => bundle('version.json', (b) => ({ ...b, schemaVersion: 99 })),
        /version\.json: evidence schema version 99 is not supported/,
      ],
      [
        'missing field',
        () =>
          bundle('missing.json', (b) => {
            delete b.accounts;
            return b;
          }),
        /missing\.json: .* at \.accounts: /,
      ],
      [
        'wrong type',
        () => bundle('type.json', (b) => ({ ...b, calls: 'many' })),
        /type\.json: .* at \.calls: /,
      ],
      [
        'path traversal in an account id',
        () =>
          bundle('traversal.json', (b) => {
            (b.accounts as { accountId: string }[])[0]!.accountId = '../../../etc/passwd';
            return b;
          }),
        /traversal\.json: .* at \.accounts\[0\]\.accountId: /,
      ],
      [
        'truncated JSON',
        () => file('truncated.json', '{"schemaVersion": 1, "acc'),
        /truncated\.json:1:\d+: .*not valid JSON/,
      ],
      ['empty file', () => file('empty.json', ''), /empty\.json:1:1: .*not valid JSON/],
      [
        'binary garbage',
        () => file('binary.json', Buffer.from([0xff, 0xfe, 0, 1, 2, 0x7b])),
        /binary\.json.*not valid JSON/,
      ],
      [
        'deep nesting',
        () => file('deep.json', `${'['.repeat(200_000)}${']'.repeat(200_000)}`),
        /deep\.json: .*at \(top level\)/,
      ],
      [
        'deep nesting inside an object',
        () => file('deepobj.json', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`),
        /deepobj\.json: /,
      ],
      ['a folder', () => dir, /: not a file \(a folder\): cannot read evidence bundle$/],
      ['a missing file', () => join(dir, 'nope.json'), /nope\.json: cannot read .*ENOENT/],
      [
        'a file larger than the limit (sparse)',
        () => {
          const p = join(dir, 'huge.json');
          const fd = openSync(p, 'w');
          ftruncateSync(fd, MAX_BUNDLE_BYTES + 1);
          closeSync(fd);
          return p;
        },
        /huge\.json: .*too large/,
      ],
    ];
    for (const [name, make, place] of cases) {
      test(name, async () => {
        const input = make();
        const out = occupiedOut();
        await expectBad(['report', input, '--out', out, '--force'], place, [out]);
        // assess reads bundles the same way; one run per kind of damage is enough (each CLI start costs seconds)
        if (ALSO_ASSESS.has(name)) await expectBad(['assess', input, '--out', out, '--force'], place, [out]);
      });
    }

    test('path-like strings in regions stay data: only watchpost-named files, only in --out', async () => {
      const input = bundle('region-traversal.json', (b) => {
        const acct = (b.accounts as { scannedRegions: string[] }[])[0]!;
        acct.scannedRegions = [...acct.scannedRegions, '../../../../tmp/evil'];
        return b;
      });
      const parent = tempDir();
      const out = join(parent, 'out');
      const run = await runCli(['report', input, '--out', out], NO_AWS);
      assert.ok(run.code === 3 || run.code === 0 || run.code === 2, run.stderr);
      assert.ok(!/^\s+at /m.test(run.stderr));
      assert.deepEqual(readdirSync(parent), run.code === 2 ? [] : ['out']);
      for (const name of existsSync(out) ? readdirSync(out) : [])
        assert.match(name, /^[a-z]+[a-z.-]*\.[a-z]+$/);
    });
  });

  describe('templates', PARALLEL, () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ['unbalanced marker', 'Intro {==CloudTrail\nmore\n', /unbalanced-marker\.md:1:7: /],
      ['unknown service', '{==Route 53==}\nbody\n', /unknown-service\.md:1:\d+: .*Route 53/],
      [
        'bad condition',
        '{==CloudTrail==}\n{==OPTION[guardduty:sideways]==} text\n',
        /bad-condition\.md:2:\d+: /,
      ],
      ['bad front matter', '---\ntitle: [unclosed\n---\nbody\n', /bad-front-matter\.md:\d+:\d+: /],
      [
        'binary file',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff, 0xfe]),
        /binary-file\.md: .*not UTF-8/,
      ],
      ['larger than 1 MiB', 'x'.repeat(1024 * 1024 + 1), /larger-than-1-mib\.md: .*too large/],
      // Before: "internal error: Maximum call stack size exceeded", exit 1.
      [
        'nested 3000 deep',
        `# T\n\n${'{=='.repeat(3000)}x${'==}'.repeat(3000)}\n`,
        /nested-3000-deep\.md:3:49: highlights are nested more than 16 deep$/,
      ],
      [
        'condition nested 100000 deep',
        `{==CloudTrail==}\n{==OPTION[${'('.repeat(100_000)}cloudtrail:off${')'.repeat(100_000)}]==} x\n`,
        /condition-nested-100000-deep\.md:2:43: bad option condition: condition nested more than 32 deep/,
      ],
      // Before: read as one line, so the error was at 1:16.
      ['CR line endings', '# T\r\rIntro {==CloudTrail\rmore\r', /cr-line-endings\.md:3:7: .*not closed/],
    ];
    for (const [name, content, place] of cases) {
      test(name, async () => {
        const t = file(`${name.replace(/\s+/g, '-').toLowerCase()}.md`, content);
        const out = occupiedOut();
        await expectBad(
          ['report', join(ROOT, 'samples', 'demo-evidence.json'), '--template', t, '--out', out, '--force'],
          place,
          [out],
        );
      });
    }
    test('a bad template stops scan before it contacts AWS', async () => {
      const t = file('scan-unbalanced.md', 'Intro {==CloudTrail\n');
      const out = occupiedOut();
      await expectBad(['scan', '--template', t, '--out', out, '--force'], /scan-unbalanced\.md:1:7: /, [out]);
    });
    test('a missing template', async () => {
      await expectBad(
        ['report', join(ROOT, 'samples', 'demo-evidence.json'), '--template', join(dir, 'none.md')],
        /none\.md: cannot read template/,
      );
    });
    // Before: /dev/zero and a FIFO were read without bound (2 GB RSS in 2 s) or forever; a folder was an
    // EISDIR internal error.
    test('/dev/zero, a FIFO and a folder as --template (report and scan)', async () => {
      const sample = join(ROOT, 'samples', 'demo-evidence.json');
      const pipe = makeFifo();
      const out = occupiedOut();
      for (const [t, place] of [
        ['/dev/zero', /^watchpost: \/dev\/zero: not a file \(a character device\): cannot read template$/],
        [dir, /: not a file \(a folder\): cannot read template$/],
        ...(pipe ? [[pipe, /pipe: not a file \(a named pipe\): cannot read template$/] as const] : []),
      ] as const) {
        await expectBad(['report', sample, '--template', t, '--out', out, '--force'], place, [out]);
        await expectBad(['scan', '--template', t, '--out', out, '--force'], place, [out]);
      }
    });
  });

  describe('arguments and config files', PARALLEL, () => {
    test('unknown flag', async () => {
      await expectBad(['scan', '--bogus'], /--bogus/);
    });
    test('bad --regions (path traversal)', async () => {
      await expectBad(
        ['scan', '--regions', 'us-east-1,../../etc'],
        /--regions: "\.\.\/\.\.\/etc" is not a region/,
      );
    });
    test('empty --regions', async () => {
      await expectBad(['scan', '--regions', ',,'], /--regions: /);
    });
    test('--out pointing at a file', async () => {
      const f = file('a-file', 'data\n');
      await expectBad(
        ['report', join(ROOT, 'samples', 'demo-evidence.json'), '--out', f],
        /a-file: exists and is not a folder/,
      );
      assert.equal(readFileSync(f, 'utf8'), 'data\n');
    });
    // Before: found only after the scan, as "internal error: ENOTDIR…" (exit 1); /proc/… never returned.
    test('an --out that cannot be used is refused before any AWS call or any reading (all commands)', async () => {
      const sample = join(ROOT, 'samples', 'demo-evidence.json');
      const aFile = file('plain-file', 'data\n');
      const dangling = join(tempDir(), 'dangling');
      symlinkSync(join(dir, 'no-such-target'), dangling);
      const cases: [string, RegExp][] = [
        [
          '/proc/watchpost-out',
          /^watchpost: \/proc\/watchpost-out: \/proc is not a place for files; choose another --out folder$/,
        ],
        ['/sys/watchpost-out', /\/sys is not a place for files/],
        [join(aFile, 'out'), /plain-file is a file, so no folder can be made in it$/],
        [dangling, /dangling is a symbolic link to .*no-such-target, which does not exist$/],
      ];
      for (const [out, place] of cases) {
        // scan: the emulator's port is closed, so a check after the first call would exit 1 instead
        await expectBad(['scan', '--out', out], place);
        await expectBad(['scan', '--org', '--out', out], place);
      }
      for (const command of [
        ['report', sample],
        ['assess', sample],
        ['merge', sample],
      ]) {
        await expectBad([...command, '--out', '/proc/watchpost-out'], /\/proc is not a place for files/);
        await expectBad([...command, '--out', join(aFile, 'out')], /plain-file is a file/);
      }
      assert.equal(readFileSync(aFile, 'utf8'), 'data\n');
    });
    test("merge --out LINK --force, LINK a symbolic link to the input's folder: refused, input unchanged", async () => {
      const parent = tempDir();
      const inDir = join(parent, 'in');
      mkdirSync(inDir);
      const input = join(inDir, 'evidence.json');
      writeFileSync(input, readFileSync(join(ROOT, 'samples', 'demo-evidence.json')));
      symlinkSync(inDir, join(parent, 'link'));
      await expectBad(
        ['merge', input, '--out', join(parent, 'link'), '--force'],
        /link: evidence\.json there is the input file .*in\/evidence\.json; refusing to overwrite it/,
        [inDir],
      );
    });
    test('report --template OUT/finding.md --out OUT --force: the template is not overwritten', async () => {
      const out = occupiedOut();
      await expectBad(
        [
          'report',
          join(ROOT, 'samples', 'demo-evidence.json'),
          '--template',
          join(out, 'finding.md'),
          '--out',
          out,
          '--force',
        ],
        /finding\.md there is the input file/,
        [out],
      );
    });
    // Before: a process killed while writing left .results.json.PID.tmp, and every later run without
    // --force refused the folder as not empty.
    test('a temporary file left by a killed run does not block the next run and is removed', async () => {
      const out = join(tempDir(), 'out');
      mkdirSync(out);
      // A process that dies by SIGKILL in the middle of writing, as watchpost names its temporary files.
      const killed = spawnSync(process.execPath, [
        '-e',
        `require('fs').writeFileSync(require('path').join(${JSON.stringify(out)}, '.results.json.' + process.pid + '.tmp'), '[{"partial"'); process.kill(process.pid, 'SIGKILL');`,
      ]);
      assert.equal(killed.signal, 'SIGKILL');
      assert.equal(readdirSync(out).length, 1);
      const run = await runCli(
        ['assess', join(ROOT, 'samples', 'demo-evidence.json'), '--out', out, '--quiet'],
        NO_AWS,
      );
      assert.equal(run.code, 3, run.stderr);
      assert.deepEqual(readdirSync(out), ['results.json']);
    });
    test('non-empty --out without --force (scan, report, assess)', async () => {
      const out = occupiedOut();
      const sample = join(ROOT, 'samples', 'demo-evidence.json');
      for (const args of [['scan'], ['report', sample], ['assess', sample]]) {
        await expectBad([...args, '--out', out], /out: output folder already exists and is not empty/, [out]);
      }
    });
    test('--accounts-from with a bad line', async () => {
      const f = file('accounts.txt', '123456789012\n# a comment\n\n../../etc/passwd\n');
      const out = join(tempDir(), 'out');
      await expectBad(
        ['scan', '--org', '--accounts-from', f, '--out', out],
        /accounts\.txt:4: .*not a 12-digit account id/,
      );
      assert.ok(!existsSync(out));
    });
    test('/dev/zero and a FIFO as --accounts-from, a FIFO as evidence', async () => {
      const out = join(tempDir(), 'out');
      await expectBad(
        ['scan', '--org', '--accounts-from', '/dev/zero', '--out', out],
        /^watchpost: \/dev\/zero: not a file \(a character device\): cannot read accounts file$/,
      );
      const pipe = makeFifo();
      if (pipe) {
        await expectBad(
          ['scan', '--org', '--accounts-from', pipe, '--out', out],
          /pipe: not a file \(a named pipe\): cannot read accounts file$/,
        );
        await expectBad(
          ['report', pipe, '--out', out],
          /pipe: not a file \(a named pipe\): cannot read evidence bundle$/,
        );
        await expectBad(
          ['merge', pipe, '--out', out],
          /pipe: not a file \(a named pipe\): cannot read evidence bundle$/,
        );
      }
      const big = file('many-accounts.txt', `${'123456789012\n'.repeat(90_000)}`);
      await expectBad(
        ['scan', '--org', '--accounts-from', big, '--out', out],
        /many-accounts\.txt: accounts file is too large \(1170000 bytes; at most 1 MiB\)$/,
      );
      assert.ok(!existsSync(out));
    });
    // Before: "cannot identify the caller (…: Could not load credentials from any providers)", exit 1, after
    // the progress line, for every kind of credential problem.
    test('a profile that is not configured: exit 2 naming it and the files, before any AWS call', async () => {
      const files = 'is not in /\\S+/aws-config or /\\S+/aws-credentials$';
      await expectBad(['scan', '--profile', 'nosuch'], new RegExp(`^watchpost: profile nosuch ${files}`));
      await expectBad(
        ['scan', '--org', '--profile', 'nosuch', '--regions', 'us-east-1'],
        /profile nosuch is not in/,
      );
      await expectBad(['scan'], new RegExp(`^watchpost: profile gone \\(from AWS_PROFILE\\) ${files}`), [], {
        AWS_PROFILE: 'gone',
      });
      const config = file('aws-config-custom', '[profile audit]\nregion = eu-west-1\n');
      await expectBad(
        ['scan', '--profile', 'nosuch'],
        /profile nosuch is not in \S+aws-config-custom or /,
        [],
        {
          AWS_CONFIG_FILE: config,
        },
      );
    });
    test('bad numbers, formats, answers, commands', async () => {
      await expectBad(['scan', '--max-attempts', 'abc'], /--max-attempts/);
      await expectBad(
        ['report', join(ROOT, 'samples', 'demo-evidence.json'), '--format', 'pdf'],
        /--format: .*pdf/,
      );
      await expectBad(
        ['report', join(ROOT, 'samples', 'demo-evidence.json'), '--answer', 'foo=bar'],
        /--answer: .*foo/,
      );
      // Before: `--format ''` wrote only evidence.json and exited as if it had worked.
      for (const empty of ['', ',', ' , ']) {
        await expectBad(
          ['report', join(ROOT, 'samples', 'demo-evidence.json'), '--format', empty],
          /^watchpost report: --format: give at least one format \(md, html, docx, json, ocsf, png, svg\)$/,
        );
      }
      await expectBad(['scan', '--format', ''], /--format: give at least one format/);
      await expectBad(['nonsense'], /unknown command "nonsense"/);
      await expectBad(['report'], /missing/);
    });
  });

  describe('--final with unresolved review items', () => {
    test('exits 2, lists every item with its line, writes nothing (new or existing folder)', async () => {
      const sample = join(ROOT, 'samples', 'demo-evidence.json');
      const fresh = join(tempDir(), 'out');
      const run = await runCli(['report', sample, '--final', '--out', fresh], NO_AWS);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.ok(!/^\s+at /m.test(run.stderr));
      const lines = run.stderr.split('\n').filter(Boolean);
      assert.match(lines[0]!, /--final refused: .*(\d+) unresolved review item/);
      const count = Number(/(\d+) unresolved/.exec(lines[0]!)?.[1]);
      assert.ok(count > 0);
      assert.equal(lines.length, 1 + count);
      for (const l of lines.slice(1)) assert.match(l, /^ {2}finding\.md:\d+:\d+ \S+: /);
      assert.ok(!existsSync(fresh), 'no folder created');

      const out = occupiedOut();
      const before = snapshot(out);
      const again = await runCli(['report', sample, '--final', '--out', out, '--force'], NO_AWS);
      assert.equal(again.code, 2);
      assert.deepEqual(snapshot(out), before);
    });
  });
});
