import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runChecks } from '../../src/checks/run.js';
import { accountCosts } from '../../src/costs/estimate.js';
import { PRICES } from '../../src/costs/prices.js';
import { BundleSchema, type Result } from '../../src/evidence/schema.js';
import { Interner } from '../../src/pipeline/interner.js';
import { slimAccount } from '../../src/pipeline/org.js';

/** The same evidence parsed again: equal values, none of them the same object or string copy. */
const again = () => BundleSchema.parse(JSON.parse(readFileSync('samples/demo-evidence.json', 'utf8')));

test('interned results, cost lines and slim accounts are the plain ones, key for key and in order', () => {
  const interner = new Interner();
  for (let round = 0; round < 3; round++) {
    const bundle = again();
    const plain = runChecks(bundle);
    const interned = runChecks(bundle).map((r) => interner.result(r));
    // Byte for byte what results.json is made of, keys in the same order.
    assert.equal(JSON.stringify(interned), JSON.stringify(plain));
    assert.deepEqual(interned, plain);
    for (const account of bundle.accounts) {
      const plainLines = accountCosts(account, plain, PRICES).lines;
      const lines = accountCosts(account, plain, PRICES).lines.map((l) => interner.costLine(l));
      assert.equal(JSON.stringify(lines), JSON.stringify(plainLines));
      assert.deepEqual(lines, plainLines);
      const slim = slimAccount(account);
      assert.equal(JSON.stringify(interner.account(slimAccount(account))), JSON.stringify(slim));
    }
  }
});

test('equal facts are one object across accounts; unequal ones stay apart', () => {
  const interner = new Interner();
  const first = runChecks(again()).map((r) => interner.result(r));
  const second = runChecks(again()).map((r) => interner.result(r));
  assert.equal(first.length, second.length);
  for (let i = 0; i < first.length; i++) {
    const [a, b] = [first[i]!, second[i]!];
    assert.equal(a.data, b.data, `${a.checkId} ${a.region}: one data object`);
    assert.equal(a.cause, b.cause);
  }
  const keys = (rs: Result[]) => new Set(rs.map((r) => r.data));
  assert.equal(keys(first).size, new Set(first.map((r) => JSON.stringify(r.data))).size);
});

test('values whose JSON does not say all of them are never shared', () => {
  const interner = new Interner();
  const nul = { n: null };
  assert.equal(interner.object(nul), nul);
  for (const odd of [{ n: Number.NaN }, { n: -0 }, { n: Number.POSITIVE_INFINITY }, { n: undefined }]) {
    assert.equal(interner.object(odd), odd);
  }
  const withUndefined = { a: 1, b: undefined };
  assert.equal(interner.object({ a: 1 }), interner.object({ a: 1 }));
  assert.equal(interner.object(withUndefined), withUndefined);
  const date = { at: new Date(0) };
  assert.equal(interner.object(date), date);
  // Same entries in another order: another JSON text, another object (the order is kept).
  const ab = interner.object({ a: 1, b: 2 });
  const ba = interner.object({ b: 2, a: 1 });
  assert.notEqual(ab, ba);
  assert.deepEqual(Object.keys(ba), ['b', 'a']);
  // Arrays with holes are not plain either.
  // biome-ignore lint/suspicious/noSparseArray: the hole is the point
  const holes = { xs: [1, , 3] };
  assert.equal(interner.object(holes), holes);
  assert.equal(interner.string(null), null);
  assert.equal(interner.string(undefined), undefined);
});
