/**
 * A full garbage collection of the calling thread, on request.
 *
 * An organization scan's main thread keeps each account's results and slim evidence, and every account's
 * full evidence passes through it once (written to evidence.json, judged, then dropped). V8 collects its
 * old generation late while the heap is young and growing: at 1,000 accounts read in bulk from the
 * administrators, ~30 MB of dropped evidence sat in the old generation until ~75 s into a 115 s scan, and
 * that was the scan's peak RSS (bench/RESULTS.md, "Peak memory with administrators"). Collecting every so
 * many accounts keeps the heap near what is live, for well under 1 % of the scan's CPU.
 *
 * A running process can turn on `--expose-gc` (v8.setFlagsFromString; Node warns that flags changed after
 * start may behave unpredictably: test/unit/heap.test.ts holds it to collecting, under Node 20 and 22 in CI,
 * and it passed under Node 24 by hand) and take the `gc` function from
 * a new context; the scan's own context is not changed. If that ever fails, nothing is collected early: V8
 * still collects on its own, so this only bounds memory, it never decides anything.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const found: unknown = runInNewContext('typeof gc === "function" ? gc : null');
      gc = typeof found === 'function' ? (found as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

/** @internal (tests) whether collectGarbage has a collector to call. */
export function canCollectGarbage(): boolean {
  if (gc === undefined) collectGarbage();
  return gc !== null;
}
