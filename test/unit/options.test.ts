/**
 * The command line's declarations: every option is declared once and shared, help is written from the
 * declarations and lists every one of them, docs/cli.md holds that help verbatim (a golden: a change to
 * --help shows up as a diff there), the docs mention only flags that exist, and values come out typed.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FORMATS, OUTPUT_FORMATS, QUESTIONS, SERVICES } from '../../src/cli/catalog.js';
import { ASSESS, COMMANDS, MERGE, POLICY, REPORT, SCAN } from '../../src/cli/commands.js';
import { commandHelp, overview } from '../../src/cli/help.js';
import { OPTIONS, type Option, parseCommand, UsageError } from '../../src/cli/options.js';
import { scanOptions } from '../../src/cli/scan-options.js';
import { OUTPUT_FILES } from '../../src/render/index.js';
import type { ServiceId } from '../../src/services/registry.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI_DOC = join(ROOT, 'docs', 'cli.md');

const optionsOf = (c: (typeof COMMANDS)[number]): Option[] => Object.values(c.options);

describe('options are declared once', () => {
  test('a flag means the same declaration in every command that takes it', () => {
    const declared = new Map<string, Option>(Object.values(OPTIONS).map((o) => [o.flag, o]));
    assert.equal(declared.size, Object.keys(OPTIONS).length, 'two declarations of one flag');
    for (const c of COMMANDS) {
      for (const o of optionsOf(c)) assert.equal(o, declared.get(o.flag), `${c.name} --${o.flag}`);
    }
    // The shared ones really are shared.
    for (const flag of ['out', 'force', 'quiet', 'exit-zero']) {
      for (const c of [SCAN, ASSESS, REPORT, MERGE]) {
        assert.ok(optionsOf(c).includes(declared.get(flag)!), `${c.name} --${flag}`);
      }
    }
    for (const flag of ['template', 'xref', 'answer', 'format']) {
      for (const c of [SCAN, REPORT])
        assert.ok(optionsOf(c).includes(declared.get(flag)!), `${c.name} --${flag}`);
    }
    // and every declaration is used by some command
    for (const o of declared.values()) {
      assert.ok(
        COMMANDS.some((c) => optionsOf(c).includes(o)),
        `--${o.flag} is declared but no command takes it`,
      );
    }
  });

  test('values come out typed and checked by their declarations', () => {
    const { options, operands, given } = parseCommand(SCAN, [
      '--regions',
      'eu-west-1, us-east-1,eu-west-1',
      '--services',
      'GuardDuty,waf',
      '--xref',
      'XREF=4.2',
      '--xref',
      'XREF_B=a = b',
      '--answer',
      'personal-data=no',
      '--format',
      'md,JSON',
      '--max-attempts',
      '3',
      '--quiet',
    ]);
    // Types: these assignments compile only if the values have the declared types.
    const regions: string[] | undefined = options.regions;
    const services: ServiceId[] | undefined = options.services;
    const attempts: number | undefined = options.maxAttempts;
    const quiet: boolean = options.quiet;
    assert.deepEqual(regions, ['eu-west-1', 'us-east-1']);
    assert.deepEqual(services, ['guardduty', 'waf']);
    assert.equal(attempts, 3);
    assert.equal(quiet, true);
    assert.equal(options.force, false);
    assert.deepEqual(options.xref, { XREF: '4.2', XREF_B: 'a = b' });
    assert.deepEqual(options.answer, { 'personal-data': 'no' });
    assert.deepEqual(options.format, ['md', 'json']);
    assert.equal(options.out, undefined);
    assert.deepEqual(operands, []);
    assert.deepEqual([...given].sort(), [
      'answer',
      'format',
      'maxAttempts',
      'quiet',
      'regions',
      'services',
      'xref',
    ]);
  });

  test('every usage error names the command', () => {
    const cases: [readonly string[], RegExp][] = [
      [['--nope'], /^watchpost scan: unknown option --nope$/],
      [['--region', 'x'], /^watchpost scan: unknown option --region \(did you mean --regions\?\)$/],
      [['--regions', 'mars'], /^watchpost scan: --regions: "mars" is not a region name/],
      [['--out'], /^watchpost scan: --out needs a value \(--out DIR\)$/],
      [
        ['--out', '--force'],
        /^watchpost scan: --out needs a value \(--out DIR\), not --force; write --out=--force/,
      ],
      [['--force=yes'], /^watchpost scan: --force takes no value$/],
      [['extra'], /^watchpost scan: unexpected argument "extra"$/],
      [
        ['--format', ' , '],
        /^watchpost scan: --format: give at least one format \(md, html, docx, json, ocsf, png, svg\)$/,
      ],
      [['--role-name', 'R'], /^watchpost scan: --role-name needs --org$/],
      [['--workers', '2'], /^watchpost scan: --workers needs --org$/],
      [['--org-mode', 'bulk'], /^watchpost scan: --org-mode needs --org$/],
      [
        ['--org', '--org-mode', 'fast'],
        /^watchpost scan: --org-mode: expected auto, bulk, per-account, got "fast"$/,
      ],
      [['--org', '--role-name', ''], /^watchpost scan: --role-name: give the name of a role$/],
      [
        ['--resume', 'a', '--out', 'b'],
        /^watchpost scan: --resume writes into the folder it resumes; drop --out$/,
      ],
      [['--org', '--accounts', '12'], /^watchpost scan: --accounts: "12" is not a 12-digit account id$/],
    ];
    for (const [argv, message] of cases) {
      assert.throws(
        () => scanOptions([...argv]),
        (e: Error) => {
          assert.ok(e instanceof UsageError, `${argv.join(' ')}: ${e.name}`);
          assert.equal(e.command, 'scan');
          assert.match(e.message, message);
          return true;
        },
      );
    }
    assert.throws(() => parseCommand(REPORT, []), /^UsageError: watchpost report: missing EVIDENCE.json$/);
    assert.throws(
      () => parseCommand(MERGE, []),
      /^UsageError: watchpost merge: missing EVIDENCE.json files$/,
    );
    assert.throws(
      () => parseCommand(POLICY, ['--jsn']),
      /watchpost policy: unknown option --jsn \(did you mean --json\?\)/,
    );
  });

  test('ScanOptions: --resume is an organization scan; the defaults', () => {
    const resumed = scanOptions(['--resume', 'dir', '--role-name', 'R']);
    assert.equal(resumed.org, true);
    assert.equal(resumed.given.roleName, 'R');
    const plain = scanOptions([]);
    assert.equal(plain.org, false);
    assert.equal(plain.force, false);
    assert.deepEqual(plain.given, {});
    assert.deepEqual(plain.report, { xrefs: {}, answers: {} });
    assert.ok(plain.workers >= 0 && plain.workers <= 4);
    assert.deepEqual(plain.inputs, []);
    const ids = scanOptions(['--org', '--accounts', '111111111111 222222222222', '--workers', '0']);
    assert.deepEqual(ids.given.accounts, { ids: ['111111111111', '222222222222'], flags: ['--accounts'] });
    assert.equal(ids.workers, 0);
    assert.equal(ids.orgMode, 'auto');
    assert.equal(scanOptions(['--org', '--org-mode', 'per-account']).orgMode, 'per-account');
    assert.equal(scanOptions(['--resume', 'dir', '--org-mode', 'bulk']).orgMode, 'bulk');
  });
});

describe('help is written from the declarations', () => {
  test('every declared option of every command is in its help, with its value name', () => {
    for (const c of COMMANDS) {
      const help = commandHelp(c);
      assert.match(help, new RegExp(`^watchpost ${c.name} `));
      for (const o of optionsOf(c)) {
        const flag = `--${o.flag}${o.arg ? ` ${o.arg}` : ''}`;
        assert.ok(help.includes(`  ${flag}  `), `${c.name}: ${flag} missing from help`);
      }
      // nothing else looks like an option line
      const listed = [...help.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => m[1]);
      assert.deepEqual(
        listed.sort(),
        optionsOf(c)
          .map((o) => o.flag)
          .sort(),
        c.name,
      );
      for (const line of help.split('\n')) assert.ok(line.length <= 100, `${c.name}: long line ${line}`);
    }
    for (const c of COMMANDS) assert.ok(overview().includes(`watchpost ${c.name}`), c.name);
  });

  test('lists declared elsewhere come from the catalog: services, questions, formats', () => {
    const scan = commandHelp(SCAN).replace(/\s+/g, ' ');
    for (const s of SERVICES) assert.ok(scan.includes(s), s);
    for (const q of QUESTIONS) assert.ok(scan.includes(`${q.key}=${q.values.join('|')}`), q.key);
    for (const f of FORMATS) {
      assert.ok(scan.includes(` ${f} `), f);
      for (const file of OUTPUT_FORMATS[f].files) assert.ok(scan.includes(file), file);
    }
    // The renderers' file names are the formats' own.
    assert.equal(OUTPUT_FILES.html, OUTPUT_FORMATS.html.files[0]);
    assert.equal(OUTPUT_FILES.docx, OUTPUT_FORMATS.docx.files[0]);
    assert.equal(OUTPUT_FILES.coverageSvg, OUTPUT_FORMATS.svg.files[0]);
  });

  test('docs/cli.md holds the help of every command verbatim (UPDATE_GOLDEN=1 rewrites it)', () => {
    const doc = readFileSync(CLI_DOC, 'utf8');
    const expected = new Map<string, string>([
      ['watchpost', overview()],
      ...COMMANDS.map((c): [string, string] => [`watchpost ${c.name}`, commandHelp(c)]),
    ]);
    // Each "## `watchpost …`" section's first ```text block.
    const block = /(## `([^`]+)`\n[\s\S]*?```text\n)([\s\S]*?)(```)/g;
    const found = new Set<string>();
    const updated = doc.replace(block, (_all, head: string, name: string, body: string, end: string) => {
      found.add(name);
      const want = expected.get(name);
      if (want === undefined) assert.fail(`docs/cli.md: section for ${name}, which is not a command`);
      if (process.env.UPDATE_GOLDEN !== '1')
        assert.equal(body, want, `docs/cli.md: ${name} differs from its help`);
      return head + want + end;
    });
    assert.deepEqual([...found], [...expected.keys()], 'docs/cli.md: one section per command, in order');
    if (process.env.UPDATE_GOLDEN === '1' && updated !== doc) writeFileSync(CLI_DOC, updated);
  });
});

describe('the docs name only what exists', () => {
  const docs = [
    'README.md',
    'SECURITY.md',
    ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`),
  ].filter((f) => f.endsWith('.md'));
  const text = (f: string) => readFileSync(join(ROOT, f), 'utf8');

  test('every --flag the docs mention is a declared option (or another tool’s)', () => {
    const declared = new Set(Object.values(OPTIONS).map((o) => o.flag));
    // Not watchpost options: its global flags, the aws CLI’s (docs/organizations.md: organizations, batch), build scripts', node's.
    const others = new Set([
      ...['help', 'version', 'query', 'output', 'check', 'clean', 'analyze', 'import'],
      ...['job-name', 'job-queue', 'job-definition', 'array-properties', 'depends-on'], // aws batch
    ]);
    for (const f of docs) {
      for (const [, flag] of text(f).matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)) {
        assert.ok(declared.has(flag!) || others.has(flag!), `${f}: --${flag} is not an option of watchpost`);
      }
    }
  });

  test('every file the docs name exists', () => {
    for (const f of docs) {
      const refs = [
        ...text(f).matchAll(
          /(?<![\w/.-])((?:src|test|docs|scripts|samples|bench)\/[\w./-]*\w|[A-Z]+\.md)(?![\w<*])/g,
        ),
      ].map((m) => m[1]!);
      for (const ref of refs) {
        assert.ok(existsSync(join(ROOT, ref)), `${f} names ${ref}, which does not exist`);
      }
    }
  });
});
