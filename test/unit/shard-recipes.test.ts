/**
 * The sharding recipes in docs/organizations.md (a Kubernetes Indexed Job, an AWS Batch array job), read
 * from the page and run through `scan`'s option parsing with the variables each engine sets: every index
 * is a distinct shard writing a distinct folder, and N agrees with the engine's count.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { scanOptions } from '../../src/cli/scan-options.js';

const page = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'organizations.md'), 'utf8');
const block = (lang: string, after: string): string => {
  const from = page.indexOf(after);
  assert.ok(from >= 0, `docs/organizations.md has no "${after}"`);
  const m = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(page.slice(from));
  assert.ok(m, `no ${lang} block after "${after}"`);
  return m[1]!;
};

/** `scan`'s parsed shard and output folder for an argv, with `env` set while parsing. */
function parse(
  argv: string[],
  env: Record<string, string>,
): { shard: string; run: string | null; out: string } {
  assert.equal(argv[0], 'scan');
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const o = scanOptions(argv.slice(1));
    assert.ok(o.given.shard, 'the recipe gives --shard');
    assert.ok(o.out, 'the recipe gives --out');
    return { shard: `${o.given.shard.index}/${o.given.shard.count}`, run: o.given.shard.run, out: o.out };
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/** Kubernetes' `$(VAR)` expansion in args. */
const expandK8s = (s: string, vars: Record<string, string>) =>
  s.replace(/\$\(([A-Z_]+)\)/g, (_, v: string) => vars[v] ?? `$(${v})`);

test('the Kubernetes Indexed Job recipe: one distinct shard and folder per completion index', () => {
  const yaml = block('yaml', '### Recipe: a Kubernetes Indexed Job');
  const completions = Number(/\n\s*completions: (\d+)/.exec(yaml)?.[1]);
  assert.equal(Number(/\n\s*parallelism: (\d+)/.exec(yaml)?.[1]), completions);
  assert.match(yaml, /completionMode: Indexed/);
  const jobName = /\n\s*name: (\S+)/.exec(yaml)?.[1] ?? '';
  const args = JSON.parse(/\n\s*args: (\[.*\])/.exec(yaml)?.[1] ?? 'null') as string[];
  const seen = runs(completions, (i) => {
    const vars = { JOB_COMPLETION_INDEX: String(i), JOB_NAME: jobName };
    return parse(
      args.map((a) => expandK8s(a, vars)),
      { JOB_COMPLETION_INDEX: String(i) },
    );
  });
  assert.deepEqual(new Set(seen.map((s) => s.run)), new Set([jobName]));
});

/** `sh -c` for the one command line of the Batch recipe: ${VAR}, ${VAR%%:*}, double quotes, spaces. */
function shell(line: string, vars: Record<string, string>): string[] {
  const expanded = line
    .replace(/\$\{([A-Z_]+)%%:\*\}/g, (_, v: string) => (vars[v] ?? '').split(':')[0]!)
    .replace(/\$\{([A-Z_]+)\}/g, (_, v: string) => vars[v] ?? '');
  const words: string[] = [];
  for (const m of expanded.matchAll(/"([^"]*)"|(\S+)/g)) words.push(m[1] ?? m[2]!);
  return words;
}

test('the AWS Batch array job recipe: one distinct shard and folder per array index', () => {
  const def = JSON.parse(block('json', '### Recipe: an AWS Batch array job')) as {
    containerProperties: { command: string[] };
    arrayProperties: { size: number };
  };
  const [sh, dashC, line] = def.containerProperties.command;
  assert.deepEqual([sh, dashC], ['sh', '-c']);
  const size = def.arrayProperties.size;
  const parent = '6f0a2e1c-3b7d-4a9e-9d1f-2c4b5a6d7e8f';
  const seen = runs(size, (i) => {
    const env = { AWS_BATCH_JOB_ARRAY_INDEX: String(i), AWS_BATCH_JOB_ID: `${parent}:${i}` };
    const argv = shell(line!, env);
    assert.equal(argv[0], 'watchpost');
    return parse(argv.slice(1), env);
  });
  assert.deepEqual(new Set(seen.map((s) => s.run)), new Set([parent]));
});

/** Parses every index 0…n-1 and checks the shards are 1/n…n/n, each with its own folder. */
function runs(n: number, one: (i: number) => { shard: string; run: string | null; out: string }) {
  assert.ok(n > 1);
  const seen = Array.from({ length: n }, (_, i) => one(i));
  assert.deepEqual(
    seen.map((s) => s.shard),
    Array.from({ length: n }, (_, i) => `${i + 1}/${n}`),
  );
  assert.equal(new Set(seen.map((s) => s.out)).size, n, 'each shard writes its own folder');
  for (const s of seen) assert.doesNotMatch(s.out, /\$/, `unexpanded variable in ${s.out}`);
  return seen;
}
