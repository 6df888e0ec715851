/**
 * Entering a member account (src/pipeline/org-account.ts): an AssumeRole that fails in a way that may pass
 * is tried again after a pause; one that cannot pass is not; a stopped scan does not wait.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AwsError, ErrorKind } from '../../src/evidence/observed.js';
import { ENTER_AGAIN_MS, enterAccount } from '../../src/pipeline/org-account.js';

type Entered = { ok: true } | { ok: false; error: AwsError };
const failure = (kind: ErrorKind, code: string): Entered => ({
  ok: false,
  error: { kind, code, message: code, action: 'sts:AssumeRole', httpStatus: null },
});

/** A gateway whose pauses are recorded, not waited; `stopAfter` pauses, it is stopped. */
function fakeGateway(stopAfter = Number.POSITIVE_INFINITY) {
  const pauses: number[] = [];
  const g = {
    stopped: false,
    pause: async (ms: number) => {
      pauses.push(ms);
      if (pauses.length >= stopAfter) g.stopped = true;
    },
  };
  return { g, pauses };
}

/** An assume() answering `answers` in turn (the last one again once they are used up). */
function answering(answers: Entered[]) {
  let calls = 0;
  return {
    assume: async () => answers[Math.min(calls++, answers.length - 1)]!,
    calls: () => calls,
  };
}

describe('entering a member account', () => {
  test('still throttled after the SDK retries: entered again after a pause, until it passes', async () => {
    const { g, pauses } = fakeGateway();
    const a = answering([
      failure('throttled', 'Throttling'),
      failure('timeout', 'TimeoutError'),
      { ok: true },
    ]);
    const entered = await enterAccount(g, a.assume);
    assert.equal(entered.ok, true);
    assert.equal(a.calls(), 3);
    assert.deepEqual(pauses, ENTER_AGAIN_MS.slice(0, 2));
  });

  test('a failure that may pass, every time: as many tries as pauses, then its error', async () => {
    const { g, pauses } = fakeGateway();
    const a = answering([failure('throttled', 'Throttling')]);
    const entered = await enterAccount(g, a.assume, [1, 2, 3]);
    assert.equal(entered.ok, false);
    assert.equal(!entered.ok && entered.error.code, 'Throttling');
    assert.equal(a.calls(), 4);
    assert.deepEqual(pauses, [1, 2, 3]);
  });

  test('access denied or no such role: not tried again', async () => {
    for (const kind of ['access-denied', 'other', 'unparseable'] as const) {
      const { g, pauses } = fakeGateway();
      const a = answering([failure(kind, 'AccessDenied'), { ok: true }]);
      const entered = await enterAccount(g, a.assume);
      assert.equal(entered.ok, false, kind);
      assert.equal(a.calls(), 1, kind);
      assert.deepEqual(pauses, [], kind);
    }
  });

  test('a scan stopped during a pause does not enter again', async () => {
    const { g, pauses } = fakeGateway(1);
    const a = answering([failure('network', 'ECONNRESET'), { ok: true }]);
    const entered = await enterAccount(g, a.assume);
    assert.equal(entered.ok, false);
    assert.equal(a.calls(), 1);
    assert.equal(pauses.length, 1);
  });
});
