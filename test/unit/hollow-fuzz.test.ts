/**
 * Fuzzing hollow answers (issue 10, fast-check, bounded runs): recorded AWS answers of a `mixedRegions`
 * scan (test/fixtures/answers/mixed-regions.json, see test/support/answers.ts) are replayed with one answer
 * mutated, and the verdicts compared with the clean replay's. Whatever the mutation, no result may differ
 * from the clean verdict except as `unknown` naming the mutated operation, no `fail` may carry a cause,
 * and no cause may carry a JavaScript message.
 *
 * - Answers as the SDK parsed them (many runs, no network): a field dropped anywhere, a value of the wrong
 *   type anywhere, the whole answer `{}`; replayed through the gateway's answer check (checkedAnswer),
 *   the collectors and the checks. Dropping a field whose absence the AWS API reference gives a meaning
 *   (`absent(…)` in src/services/<service>/operations.ts) is a real answer saying something else: its verdicts may change.
 * - Answers on the wire (fewer runs): an empty body, the protocol's empty document, an HTML page, wrong
 *   types (test/support/hollow.ts) or a body cut short, replayed over loopback HTTP through the real
 *   gateway, SDK, collectors and checks.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import * as z from 'zod';
import { absenceIsDocumented, answerProblem } from '../../src/aws/answers.js';
import { checkedAnswer, Gateway } from '../../src/aws/gateway.js';
import type { Observed } from '../../src/evidence/observed.js';
import type { AccountEvidence, Result } from '../../src/evidence/schema.js';
import {
  collectVia,
  judge,
  type Recording,
  type ReplayServer,
  scanThrough,
  serveRecording,
  sessionOf,
} from '../support/answers.js';
import { HOLLOW_KINDS, type HollowKind, hollowAnswer, wrongType } from '../support/hollow.js';
import { OPS, type Operation } from '../support/operations.js';

const ROOT = join(import.meta.dirname, '..', '..');
const RECORDING = JSON.parse(
  readFileSync(join(ROOT, 'test', 'fixtures', 'answers', 'mixed-regions.json'), 'utf8'),
) as Recording;
const SEED = Number(process.env.FUZZ_SEED ?? 20261210);

type Op = Operation<unknown, unknown>;
type Path = (string | number)[];

/** Words of a JavaScript or SDK error message: never part of a cause. */
const JS_WORDS =
  /is not a function|Cannot read prop|TypeError|SyntaxError|ReferenceError|Unexpected token|Deserialization|\$response|\bat .+:\d+:\d+/;

const OP_BY_WIRE = new Map(
  (Object.values(OPS) as Op[]).map((o) => [
    `${o.client === 'elbv2' ? 'elasticloadbalancing' : o.client}:${o.name}`,
    o,
  ]),
);

const keyOf = (r: Pick<Result, 'checkId' | 'region' | 'resource'>) =>
  `${r.checkId}|${r.region}|${r.resource ?? '-'}`;

/**
 * What is wrong with `now` against `clean` when `action`'s answer was mutated (empty: nothing). With
 * `anyChange`, the verdicts may change (a documented absence), but causes must still be plain.
 */
function problems(clean: Result[], now: Result[], action: string, anyChange = false): string[] {
  const out: string[] = [];
  for (const r of now) {
    if (r.cause && JS_WORDS.test(r.cause.message))
      out.push(`${keyOf(r)}: JavaScript cause "${r.cause.message}"`);
    if (r.status === 'fail' && r.cause) out.push(`${keyOf(r)}: fail with a cause (${r.cause.code})`);
  }
  if (anyChange) return out;
  const before = new Map(clean.map((r) => [keyOf(r), r]));
  const after = new Map(now.map((r) => [keyOf(r), r]));
  const names = (r: Result) => r.status === 'unknown' && r.cause?.action === action;
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(k);
    const b = after.get(k);
    if (a?.status === b?.status) continue;
    if (!b) {
      // a per-resource result may vanish when its listing failed: an unknown of its service stands for it
      const stand = now.some(
        (o) => o.service === a?.service && (o.region === a.region || o.region === 'global') && names(o),
      );
      if (!stand) out.push(`${k}: vanished (was ${a?.status}) with no unknown naming ${action}`);
    } else if (!names(b)) {
      out.push(
        `${k}: ${a?.status ?? 'absent'} → ${b.status} (${b.cause?.action ?? '-'}: ${b.detail.slice(0, 120)})`,
      );
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------- parsed answers

interface ParsedCall {
  id: string;
  op: Op;
  /** What the gateway returned: an answer, or an AWS error (Macie's "not enabled" denial). */
  outcome: Observed<unknown>;
}

function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Date)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );
}
const callId = (op: Op, region: string, input: unknown) => `${op.command} ${region} ${stable(input)}`;

/** Every path into a value (objects' keys, lists' indices), the root included; `$metadata` left out. */
function pathsOf(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) pathsOf(x, [...prefix, i], out);
  } else if (v && typeof v === 'object' && !(v instanceof Date)) {
    for (const [k, x] of Object.entries(v)) if (k !== '$metadata') pathsOf(x, [...prefix, k], out);
  }
  return out;
}

function parentAndKey(root: unknown, path: Path): [Record<string | number, unknown>, string | number] {
  let node = root as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  return [node, path[path.length - 1]!];
}

/** The rule's schema for the field at `path` (null where the rule says nothing about it). */
function schemaAt(op: Op, path: Path): z.ZodType | null {
  let fields = op.answer.fields as Record<string, z.ZodType>;
  let schema: z.ZodType | null = null;
  for (const p of path) {
    if (schema) {
      let s: z.ZodType = schema;
      while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
      if (typeof p === 'number') {
        if (!(s instanceof z.ZodArray)) return null;
        schema = s.element as z.ZodType;
        continue;
      }
      if (!(s instanceof z.ZodObject)) return null;
      fields = s.shape as Record<string, z.ZodType>;
    }
    if (typeof p === 'number') return null;
    schema = fields[p] ?? null;
    if (!schema) return null;
  }
  return schema;
}

type Mutation = { kind: 'drop' | 'type' | 'empty'; call: number; path: number };

describe('fuzz: hollow answers never become verdicts', () => {
  let replay: ReplayServer;
  let clean: { evidence: AccountEvidence; results: Result[] };
  const calls: ParsedCall[] = [];
  const saved = { ...process.env };

  before(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAWATCHPOSTTEST001';
    process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-value-not-real-0001';
    replay = await serveRecording(RECORDING);
    // The clean replay through the real gateway, keeping each parsed answer.
    const gateway = new Gateway({ maxAttempts: 1 });
    process.env.AWS_ENDPOINT_URL = replay.endpoint;
    const real = gateway.defaultSession();
    const recorder = {
      async execute(_s: unknown, op: Op, region: string, input: unknown): Promise<Observed<unknown>> {
        const res = await gateway.execute(real, op, region, input);
        calls.push({ id: callId(op, region, input), op, outcome: structuredClone(res) });
        return res;
      },
    };
    const evidence = await collectVia(sessionOf(recorder), RECORDING.regions);
    clean = { evidence, results: judge(evidence) };
  });
  after(async () => {
    process.env = saved;
    await replay?.stop();
  });

  test('the clean replay is complete: every request answered, no unknown, the scenario judged', () => {
    assert.deepEqual(replay.misses, []);
    assert.ok(clean.results.length > 40, `${clean.results.length} results`);
    assert.deepEqual(
      clean.results.filter((r) => r.status === 'unknown').map((r) => `${keyOf(r)} ${r.cause?.message}`),
      [],
    );
    assert.ok(
      clean.results.some((r) => r.status === 'fail') && clean.results.some((r) => r.status === 'pass'),
    );
    assert.ok(calls.length > 50, `${calls.length} calls`);
  });

  /** Replays the parsed answers with one mutated, through the gateway's answer check. */
  async function replayParsed(
    m: Mutation | null,
  ): Promise<{ results: Result[]; action: string; anyChange: boolean; what: string }> {
    const target = m ? calls[m.call % calls.length]! : null;
    let mutated: unknown = null;
    let anyChange = false;
    let what = 'clean';
    if (target && m) {
      const value = structuredClone(target.outcome.ok ? target.outcome.value : {}) as Record<string, unknown>;
      delete value.$metadata;
      const paths = pathsOf(value);
      const path = paths[m.path % paths.length]!;
      if (m.kind === 'empty' || path.length === 0) {
        mutated = {};
        // `{}` is a real answer where AWS documents it (WAF: no web ACL; Macie: no administrator)
        anyChange = answerProblem(target.op.answer, {}) === null;
        what = `${target.op.name} → {}`;
      } else if (m.kind === 'drop' && typeof path[path.length - 1] === 'string') {
        const [parent, key] = parentAndKey(value, path);
        delete parent[key];
        mutated = value;
        const schema = schemaAt(target.op, path);
        anyChange = schema !== null && absenceIsDocumented(schema);
        what = `${target.op.name} without ${path.join('.')}`;
      } else {
        const [parent, key] = parentAndKey(value, path);
        parent[key] = wrongType(parent[key]);
        mutated = value;
        what = `${target.op.name} with ${path.join('.')} of the wrong type`;
      }
    }
    const byId = new Map(calls.map((c) => [c.id, c]));
    const gateway = {
      async execute(_s: unknown, op: Op, region: string, input: unknown): Promise<Observed<unknown>> {
        const id = callId(op, region, input);
        const c = byId.get(id);
        if (!c)
          return {
            ok: false,
            error: {
              kind: 'other',
              code: 'NotRecorded',
              message: id,
              action: op.iamAction,
              httpStatus: null,
            },
          };
        if (target && id === target.id) return checkedAnswer(op, structuredClone(mutated));
        return c.outcome.ok
          ? checkedAnswer(op, structuredClone(c.outcome.value))
          : structuredClone(c.outcome);
      },
    };
    const evidence = await collectVia(sessionOf(gateway), RECORDING.regions);
    return { results: judge(evidence), action: target?.op.iamAction ?? '', anyChange, what };
  }

  test('the parsed replay without a mutation gives the clean verdicts', async () => {
    const { results } = await replayParsed(null);
    assert.deepEqual(
      results.map((r) => `${keyOf(r)} ${r.status}`),
      clean.results.map((r) => `${keyOf(r)} ${r.status}`),
    );
  });

  test('parsed answers: a dropped field, a value of the wrong type, an empty answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          kind: fc.constantFrom<Mutation['kind']>('drop', 'drop', 'type', 'type', 'empty'),
          call: fc.nat(),
          path: fc.nat(),
        }),
        async (m) => {
          const run = await replayParsed(m);
          const found = problems(clean.results, run.results, run.action, run.anyChange);
          assert.deepEqual(found, [], run.what);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1500), seed: SEED },
    );
  });

  test('answers on the wire: empty, empty document, HTML, wrong types, cut short', async () => {
    const answered = RECORDING.answers.filter(
      (a) => a.status === 200 && OP_BY_WIRE.has(`${a.service}:${a.operation}`),
    );
    assert.ok(answered.length > 50);
    const gateway = new Gateway({ maxAttempts: 1 });
    const documented = new Set([
      'getWebAclForResource',
      'getMacieAdministrator',
      'getGuardDutyAdministrator',
      'getBucketLocation',
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: answered.length - 1 }),
        fc.constantFrom<HollowKind | 'cut'>(...HOLLOW_KINDS, 'cut'),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        async (i, kind, at) => {
          const target = answered[i]!;
          const op = OP_BY_WIRE.get(`${target.service}:${target.operation}`)!;
          replay.mutate = (a) => {
            if (a.key !== target.key) return null;
            const real = { status: a.status, headers: a.headers, body: Buffer.from(a.body) };
            if (kind === 'cut')
              return { ...real, body: real.body.subarray(0, Math.max(1, Math.floor(real.body.length * at))) };
            return hollowAnswer(kind, a.protocol, real);
          };
          let run: { results: Result[] };
          try {
            run = await scanThrough(replay.endpoint, RECORDING.regions, gateway);
          } finally {
            replay.mutate = null;
          }
          const key = Object.entries(OPS).find(([, o]) => o === op)?.[0] ?? '';
          const anyChange = kind === 'document' && documented.has(key);
          assert.deepEqual(
            problems(clean.results, run.results, op.iamAction, anyChange),
            [],
            `${op.name} × ${kind}`,
          );
        },
      ),
      { numRuns: Number(process.env.FUZZ_WIRE_RUNS ?? 120), seed: SEED },
    );
    // The Support API is Trusted Advisor's fallback, asked only when the Trusted Advisor API's answer was
    // mutated: the clean scan never makes those requests, so they are not in the recording (a miss is
    // answered as an error, and the result must still be an unknown naming the mutated operation).
    // Likewise the cost estimate's CloudWatch queries follow from what the services read: a mutated answer
    // asks for other metrics (the miss leaves those cost lines "not estimated"; no result reads them).
    assert.deepEqual(
      replay.misses.filter((m) => !m.includes('AWSSupport_20130415.') && !m.includes('.GetMetricData ')),
      [],
    );
  });
});
