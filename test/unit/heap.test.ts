import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { canCollectGarbage, collectGarbage } from '../../src/pipeline/heap.js';

test('collectGarbage collects: an object no longer referenced is gone after one call', async () => {
  assert.equal(canCollectGarbage(), true, 'V8 gave no gc function to a running process');
  let target: object | null = { payload: 'x'.repeat(1000) };
  const ref = new WeakRef(target);
  target = null;
  // A WeakRef's target lives until the end of the job that made it: collect in a later one.
  await tick();
  collectGarbage();
  assert.equal(ref.deref(), undefined);
});

test('collectGarbage leaves what is still referenced', async () => {
  const kept = { payload: 'y'.repeat(1000) };
  const ref = new WeakRef(kept);
  await tick();
  collectGarbage();
  assert.equal(ref.deref(), kept);
});
