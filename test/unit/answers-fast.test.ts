import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as z from 'zod';
import { surelyValid } from '../../src/aws/answers.js';
import { allOperations } from '../../src/services/registry.js';

// The gateway's quick walk of an answer (answers.ts, surelyValid) may only accept what zod accepts:
// answers made from every operation's rule, some of them broken, must never pass it and fail zod.
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
const odd = () =>
  pick<unknown>([undefined, null, 'x', 0, Number.NaN, Number.POSITIVE_INFINITY, true, [], {}, new Date()]);

type Def = { type: string; innerType?: z.ZodType; element?: z.ZodType; shape?: Record<string, z.ZodType> };
function make(schema: z.ZodType, depth = 0): unknown {
  if (rand() < 0.04) return odd();
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  switch (def.type) {
    case 'string':
      return pick(['', 'a', 'ENABLED']);
    case 'number':
      return pick([0, 1.5, -3, 100]);
    case 'boolean':
      return rand() < 0.5;
    case 'optional':
      return rand() < 0.3 ? undefined : make(def.innerType!, depth);
    case 'nullable':
      return rand() < 0.2 ? null : make(def.innerType!, depth);
    case 'array':
      return depth > 4
        ? []
        : Array.from({ length: Math.floor(rand() * 3) }, () => make(def.element!, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = { Extra: 'ignored' };
      for (const [k, s] of Object.entries(def.shape ?? {})) {
        const v = make(s, depth + 1);
        if (v !== undefined || rand() < 0.5) out[k] = v;
      }
      return out;
    }
    default:
      return odd();
  }
}

test('a quick pass of an answer is never a zod failure (every operation, made and broken answers)', async () => {
  const ops = await allOperations();
  assert.ok(ops.length > 50);
  let quick = 0;
  let slow = 0;
  for (const op of ops) {
    const schema = z.object(op.answer.fields as Record<string, z.ZodType>);
    for (let i = 0; i < 60; i++) {
      const answer = make(schema);
      const fast = surelyValid(schema, answer);
      const ok = schema.safeParse(answer).success;
      if (fast) {
        quick++;
        assert.ok(ok, `${op.name}: passed the quick walk but not zod: ${JSON.stringify(answer)}`);
      } else if (!ok) slow++;
    }
  }
  assert.ok(quick > 1000, `quick passes: ${quick}`);
  assert.ok(slow > 100, `broken answers: ${slow}`);
});
