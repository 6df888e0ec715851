/** The built CLI on the bundled demo evidence: offline commands, exit codes, output safety. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cliBuilt, ROOT, runCli, tempDir } from '../support/cli.js';

const DEMO = join(ROOT, 'samples', 'demo-evidence.json');
const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';

describe('offline CLI on the demo evidence', { skip }, () => {
  test('report writes every output; exit 3 because checks fail, 0 with --exit-zero', async () => {
    const out = join(tempDir(), 'r');
    const run = await runCli(['report', DEMO, '--out', out], {});
    assert.equal(run.code, 3, run.stderr);
    for (const f of [
      'results.json',
      'finding.md',
      'report.html',
      'coverage.svg',
      'coverage.png',
      'finding.docx',
      'findings.ocsf.json',
    ]) {
      assert.ok(readFileSync(join(out, f)).length > 0, f);
    }
    assert.match(run.stdout, /Review before sending \(\d+ item/);
    assert.equal(run.stderr, '');
    const zero = await runCli(['report', DEMO, '--out', join(tempDir(), 'z'), '--exit-zero', '--quiet'], {});
    assert.equal(zero.code, 0, zero.stderr);
    assert.equal(zero.stdout, '');
  });

  test('--format md writes finding.md and the picture of each subsection it links, nothing else', async () => {
    const out = join(tempDir(), 'md');
    const run = await runCli(['report', DEMO, '--out', out, '--format', 'md', '--quiet'], {});
    assert.equal(run.code, 3, run.stderr);
    const text = readFileSync(join(out, 'finding.md'), 'utf8');
    const linked = [...text.matchAll(/!\[[^\]]*\]\((coverage[^)]*)\)/g)].map((m) => m[1]!);
    assert.ok(linked.length > 1, 'one picture per subsection');
    assert.ok(!linked.includes('coverage.svg'));
    const pictures = linked.flatMap((f) => [f, f.replace(/\.svg$/, '.png')]);
    assert.deepEqual(readdirSync(out).sort(), ['finding.md', ...pictures].sort());
    for (const f of linked) assert.match(readFileSync(join(out, f), 'utf8'), /^<svg /);
  });

  test('assess reproduces the results of report byte for byte', async () => {
    const a = join(tempDir(), 'a');
    const b = join(tempDir(), 'b');
    await runCli(['assess', DEMO, '--out', a, '--quiet'], {});
    await runCli(['report', DEMO, '--out', b, '--quiet', '--format', 'json'], {});
    assert.equal(
      readFileSync(join(a, 'results.json'), 'utf8'),
      readFileSync(join(b, 'results.json'), 'utf8'),
    );
  });

  test('--final refuses with the list of items and writes nothing; with answers it succeeds', async () => {
    const out = join(tempDir(), 'f');
    const refused = await runCli(['report', DEMO, '--out', out, '--final'], {});
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--final refused: .*nothing was written/);
    assert.match(refused.stderr, /finding\.md:\d+:\d+ question: /);
    assert.throws(() => readFileSync(join(out, 'finding.md')));
    const ok = await runCli(
      [
        'report',
        DEMO,
        '--out',
        out,
        '--final',
        '--answer',
        'personal-data=yes',
        '--answer',
        'shield-advanced=keep',
        '--quiet',
      ],
      {},
    );
    assert.equal(ok.code, 3, ok.stderr);
    const md = readFileSync(join(out, 'finding.md'), 'utf8');
    assert.doesNotMatch(md, /\{==|\{>>/);
  });

  test('--format limits the outputs', async () => {
    const out = join(tempDir(), 'fmt');
    const run = await runCli(['report', DEMO, '--out', out, '--format', 'md,ocsf', '--quiet'], {});
    assert.equal(run.code, 3, run.stderr);
    assert.ok(readFileSync(join(out, 'finding.md')).length > 0);
    assert.ok(readFileSync(join(out, 'findings.ocsf.json')).length > 0);
    assert.throws(() => readFileSync(join(out, 'report.html')));
  });

  test('a non-empty output folder is refused without --force and left as it was', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'finding.md'), 'my edits');
    const run = await runCli(['report', DEMO, '--out', out], {});
    assert.equal(run.code, 2);
    assert.match(run.stderr, /already exists and is not empty \(use --force/);
    assert.equal(readFileSync(join(out, 'finding.md'), 'utf8'), 'my edits');
  });

  test('bad usage: one line and exit 2, no stack trace', async () => {
    for (const args of [
      ['frobnicate'],
      ['scan', '--regions', 'mars-1'],
      ['report'],
      ['report', DEMO, '--answer', 'x=y'],
      ['report', '/nope.json'],
    ]) {
      const run = await runCli(args, {});
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
      assert.ok(run.stderr.trim().split('\n').length <= 2, run.stderr);
    }
  });

  test('policy prints a read-only IAM policy; --help and --version work', async () => {
    const p = await runCli(['policy', '--json'], {});
    assert.equal(p.code, 0);
    const doc = JSON.parse(p.stdout) as { Statement: { Action: string[] }[] };
    assert.ok(doc.Statement[0]!.Action.includes('guardduty:ListDetectors'));
    const h = await runCli(['--help'], {});
    assert.match(h.stdout, /watchpost scan/);
    const v = await runCli(['--version'], {});
    assert.match(v.stdout, /^watchpost \d+\.\d+\.\d+/);
  });
});

describe('one voice on the command line', { skip }, () => {
  const COMMANDS = ['scan', 'assess', 'report', 'diff', 'merge', 'policy'];
  const hint = (command?: string) => `(see: watchpost help${command ? ` ${command}` : ''})`;

  test('every command: a usage error is "watchpost COMMAND: …" and the hint to its help, exit 2', async () => {
    const bad: [string[], RegExp][] = [
      [['scan', '--regions', 'mars'], /^watchpost scan: --regions: "mars" is not a region name/],
      [['assess'], /^watchpost assess: missing EVIDENCE\.json$/],
      [['report', DEMO, '--answer', 'x=y'], /^watchpost report: --answer: unknown question "x"/],
      [['diff', DEMO], /^watchpost diff: missing OLD\.json and NEW\.json$/],
      [['merge', DEMO, '--out'], /^watchpost merge: --out needs a value \(--out DIR\)$/],
      [['policy', 'extra'], /^watchpost policy: unexpected argument "extra"$/],
    ];
    const runs = await Promise.all([
      ...COMMANDS.map((c) => runCli([c, '--bogus'], {})),
      ...bad.map(([args]) => runCli(args, {})),
    ]);
    COMMANDS.forEach((c, i) => {
      const run = runs[i]!;
      assert.equal(run.code, 2, `${c}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `watchpost ${c}: unknown option --bogus\n${hint(c)}\n`);
    });
    bad.forEach(([args, message], i) => {
      const run = runs[COMMANDS.length + i]!;
      const label = args.join(' ');
      assert.equal(run.code, 2, `${label}: ${run.stderr}`);
      assert.equal(run.stdout, '', label);
      const lines = run.stderr.split('\n');
      assert.equal(lines.length, 3, `${label}: ${run.stderr}`);
      assert.match(lines[0]!, message, label);
      assert.equal(lines[1], hint(args[0]), label);
    });
  });

  test('help of an unknown command, or an unknown command, exits 2 with one line and the hint', async () => {
    const [help, unknown] = await Promise.all([runCli(['help', 'nosuch'], {}), runCli(['nosuch'], {})]);
    assert.equal(help.code, 2);
    assert.equal(help.stdout, '');
    assert.equal(
      help.stderr,
      `watchpost help: unknown command "nosuch" (commands: ${COMMANDS.join(', ')})\n${hint()}\n`,
    );
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stdout, '');
    assert.equal(
      unknown.stderr,
      `watchpost: unknown command "nosuch" (commands: ${COMMANDS.join(', ')})\n${hint()}\n`,
    );
  });

  test('help COMMAND and COMMAND --help print the same, exit 0', async () => {
    const runs = await Promise.all(
      COMMANDS.flatMap((c) => [runCli(['help', c], {}), runCli([c, '--help'], {})]),
    );
    COMMANDS.forEach((c, i) => {
      const [help, flag] = [runs[2 * i]!, runs[2 * i + 1]!];
      assert.equal(help.code, 0, help.stderr);
      assert.equal(help.stderr, '');
      assert.match(help.stdout, new RegExp(`^watchpost ${c} `));
      assert.equal(flag.stdout, help.stdout, c);
    });
  });

  test('policy: stdout is the JSON policy document; the comparison goes to stderr, or with --text to stdout', async () => {
    const [plain, json, text] = await Promise.all([
      runCli(['policy'], {}),
      runCli(['policy', '--json'], {}),
      runCli(['policy', '--text'], {}),
    ]);
    for (const run of [plain, json, text]) assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(plain.stdout) as { Version: string; Statement: { Action: string[] }[] };
    assert.equal(doc.Version, '2012-10-17');
    assert.ok(doc.Statement[0]!.Action.includes('guardduty:ListDetectors'));
    assert.match(plain.stderr, /^# Least-privilege IAM policy/);
    assert.match(plain.stderr, /SecurityAudit .* does not grant/);
    assert.equal(json.stdout, plain.stdout);
    assert.equal(json.stderr, '');
    assert.equal(text.stderr, '');
    assert.equal(text.stdout, plain.stderr + plain.stdout);
    assert.throws(() => JSON.parse(text.stdout));
  });
});

describe('no credentials anywhere', { skip }, () => {
  test('one line says what the chain tried (no SDK boilerplate), exit 1, no key printed', async () => {
    const run = await runCli(['scan', '--out', join(tempDir(), 'o'), '--quiet'], {
      AWS_ACCESS_KEY_ID: 'AKIAONLYTHEKEYID',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    });
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(
      lines[0]!,
      /^watchpost: cannot identify the caller: no AWS credentials found \(tried environment variables: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; profile default: not in \S+aws-config or \S+aws-credentials; web identity token: AWS_WEB_IDENTITY_TOKEN_FILE is not set; EC2 instance metadata: disabled by AWS_EC2_METADATA_DISABLED\); configure credentials/,
    );
    assert.doesNotMatch(run.stderr, /any providers|AKIAONLYTHEKEYID/);
  });
});

describe('AWS error text on the terminal', { skip }, () => {
  test('control characters and bidi overrides in an AWS error message are neutralised', async () => {
    // A fake STS that denies with a hostile message (an endpoint is never trusted to send clean text).
    const server = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/xml' });
      res.end(
        '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
          '<Message>denied \u001b[31mRED\u0007 \u202eevil</Message></Error><RequestId>1</RequestId></ErrorResponse>',
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const run = await runCli(['scan', '--out', join(tempDir(), 'o'), '--max-attempts', '1', '--debug'], {
        AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /cannot identify the caller .*AccessDenied.*RED/);
      assert.doesNotMatch(run.stderr, /[\u001b\u0007\u202e]/);
    } finally {
      server.close();
    }
  });
});
