/**
 * Fuzzing (fast-check, bounded runs): the evidence and template parsers only ever fail with InputError /
 * TemplateError, whatever they are fed; and hostile strings placed anywhere names live in the evidence never
 * reach the finding as live CriticMarkup, HTML, control or bidi characters.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { runChecks } from '../../src/checks/run.js';
import { InputError, parseBundle, readBundle } from '../../src/evidence/bundle.js';
import type { Bundle } from '../../src/evidence/schema.js';
import { composeFinding, parseTemplate, TemplateError } from '../../src/finding/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE_TEXT = readFileSync(join(ROOT, 'samples', 'demo-evidence.json'), 'utf8');
const SAMPLE = JSON.parse(SAMPLE_TEXT) as Bundle;
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) pathsOf(v, [...prefix, i], out);
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path[path.length - 1]!] = value;
  return copy as Json;
}

const SAMPLE_PATHS = pathsOf(SAMPLE as unknown as Json);

/** Runs fn and fails unless it returns or throws an instance of one of `allowed`. */
function onlyThrows(allowed: (new (...a: never[]) => Error)[], fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    assert.ok(
      allowed.some((C) => e instanceof C),
      `threw ${(e as Error)?.name}: ${(e as Error)?.message?.slice(0, 200)}`,
    );
    // The message is one line naming the source.
    assert.ok(!(e as Error).message.includes('\n'), 'one-line message');
  }
}

describe('fuzz: evidence parser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-fuzz-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('parseBundle: arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        onlyThrows([InputError], () => parseBundle(v, 'fuzz.json'));
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  test('parseBundle: the sample with one value anywhere replaced', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: SAMPLE_PATHS.length - 1 }),
        fc.oneof(
          fc.jsonValue({ maxDepth: 3 }),
          fc.constantFrom<Json>(null, '', -1, 1e308, '../../etc', [], {}),
        ),
        (i, v) => {
          const mutated = setAt(SAMPLE as unknown as Json, SAMPLE_PATHS[i]!, v as Json);
          onlyThrows([InputError], () => parseBundle(mutated, 'fuzz.json'));
        },
      ),
      { numRuns: 400, seed: SEED },
    );
  });

  test('readBundle: damaged files (truncated, bytes flipped, garbage)', () => {
    const bytes = Buffer.from(SAMPLE_TEXT, 'utf8');
    let n = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.nat({ max: bytes.length }).map((cut) => bytes.subarray(0, cut)),
          fc
            .tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 }))
            .map(([at, b]) =>
              Buffer.concat([bytes.subarray(0, at), Buffer.from([b]), bytes.subarray(at + 1)]),
            ),
          fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
          fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
        ),
        (content) => {
          const p = join(dir, `f${n++}.json`);
          writeFileSync(p, content);
          onlyThrows([InputError], () => readBundle(p));
        },
      ),
      { numRuns: 150, seed: SEED },
    );
  });
});

/** CriticMarkup's delimiters: what both fuzzers below mix into their input. */
const CRITIC_MARKS = ['{==', '==}', '{>>', '<<}', '{++', '++}', '{--', '--}', '{~~', '~>', '~~}'];

const TEMPLATE_TOKENS = [
  ...CRITIC_MARKS,
  '\\{==',
  '```\n',
  '---\n',
  'title: x\n',
  ': [',
  'OPTION',
  'OPTION[',
  ']',
  '[',
  '(',
  ')',
  'guardduty:off',
  'macie.enabled=fail',
  ' and ',
  ' or ',
  'not ',
  '/OPTION',
  'END OPTION',
  'NOTE: ',
  'XREF',
  'XREF_Key',
  'AUTO',
  'SCREENSHOT',
  'CloudTrail',
  'WAF & Shield',
  'Route 53',
  '#### ',
  '- ',
  '\n',
  '\n\n',
  ' ',
  'text',
  '.',
  '\u0000',
  '\u202e',
  '\r',
];

const templateText = fc.oneof(
  fc.array(fc.constantFrom(...TEMPLATE_TOKENS), { maxLength: 40 }).map((a) => a.join('')),
  fc.string({ maxLength: 200 }),
);

describe('fuzz: template parser', () => {
  test('parseTemplate only throws TemplateError', () => {
    fc.assert(
      fc.property(templateText, (text) => {
        onlyThrows([TemplateError], () => parseTemplate(text, 'fuzz.md'));
      }),
      { numRuns: 1500, seed: SEED },
    );
  });

  test('a template that parses also composes, or fails with TemplateError', () => {
    const results = runChecks(SAMPLE);
    fc.assert(
      fc.property(templateText, (text) => {
        onlyThrows([TemplateError], () =>
          composeFinding({ bundle: SAMPLE, results, template: { text, path: 'fuzz.md' } }),
        );
      }),
      { numRuns: 150, seed: SEED },
    );
  });
});

const HOSTILE_PARTS = [
  ...CRITIC_MARKS,
  '<img src=x onerror=alert(1)>',
  '<script>',
  '</table>',
  '|',
  '\n',
  '\r\n',
  '\n# heading\n',
  '`',
  '*',
  '_',
  '[x](javascript:alert(1))',
  '\\',
  '\u202e',
  '\u2066',
  '\u200f',
  '\u0000',
  '\u001b[31m',
  '\u0007',
  '&amp;',
  '"',
  'name',
  ' ',
];
const hostile = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_PARTS), fc.string({ maxLength: 5 })), {
    minLength: 1,
    maxLength: 12,
  })
  .map((a) => a.join(''));

/** Keys whose string values (or string array items) are names from the audited account. */
const NAME_KEYS = new Set(['name', 'names', 'comment', 'stageName', 'domainName', 'aliases']);

function withNames(value: Json, name: (i: number) => string, counter = { i: 0 }): Json {
  if (Array.isArray(value)) return value.map((v) => withNames(v, name, counter));
  if (value && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      if (NAME_KEYS.has(k) && typeof v === 'string') out[k] = name(counter.i++);
      else if (NAME_KEYS.has(k) && Array.isArray(v))
        out[k] = v.map((x) => (typeof x === 'string' ? name(counter.i++) : x));
      else out[k] = withNames(v, name, counter);
    }
    return out;
  }
  return value;
}

/** CriticMarkup openers/closers not preceded by a backslash. */
function raw(md: string, token: string): number {
  const re = new RegExp(`(?<!\\\\)${token.replace(/[{}+~>=<-]/g, (c) => `\\${c}`)}`, 'g');
  return (md.match(re) ?? []).length;
}

describe('fuzz: hostile names never become live markup in the finding', () => {
  const baseline = composeFinding({ bundle: SAMPLE, results: runChecks(SAMPLE) });

  test('the baseline itself has no raw HTML and balanced highlights', () => {
    assert.doesNotMatch(baseline.markdown, /(?<!\\)<[a-zA-Z/!?]/);
    assert.equal(raw(baseline.markdown, '{=='), baseline.reviewItems.length);
  });

  test('the names do reach the finding (so the property below is not vacuous)', () => {
    const bundle = withNames(SAMPLE as unknown as Json, (i) => `ZZmarker${i}<b>`) as unknown as Bundle;
    const md = composeFinding({ bundle, results: runChecks(bundle) }).markdown;
    assert.match(md, /ZZmarker\d+\\<b\\>/);
  });

  test('names from the account are neutralised', () => {
    fc.assert(
      fc.property(hostile, (h) => {
        const bundle = withNames(SAMPLE as unknown as Json, (i) => `${h}${i}`) as unknown as Bundle;
        const o = composeFinding({ bundle, results: runChecks(bundle) });
        const md = o.markdown;
        // Only our own review highlights and comments, balanced.
        assert.equal(raw(md, '{=='), o.reviewItems.length, 'one {== per review item');
        assert.equal(raw(md, '==}'), raw(md, '{=='), 'highlights balanced');
        assert.equal(raw(md, '{>>'), raw(md, '<<}'), 'comments balanced');
        for (const t of ['{++', '++}', '{--', '--}', '{~~', '~~}']) assert.equal(raw(md, t), 0, t);
        assert.doesNotMatch(md, /(?<!\\)<[a-zA-Z/!?]/, 'raw HTML tag');
        assert.doesNotMatch(md, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/, 'control character');
        assert.doesNotMatch(md, /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/, 'bidi mark');
        // No heading was injected: headings are those of the baseline.
        const headings = (s: string) => s.split('\n').filter((l) => /^#{1,6} /.test(l)).length;
        assert.equal(headings(md), headings(baseline.markdown));
      }),
      { numRuns: 200, seed: SEED },
    );
  });
});
