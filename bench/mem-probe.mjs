/**
 * Memory over time of a CLI run, per thread (bench/RESULTS.md "Peak memory"): load it into the CLI with
 *   BENCH_NODE_FLAGS="--import $PWD/bench/mem-probe.mjs" ... node --import tsx bench/run.ts
 * Each thread (main and every scan worker: workers inherit the flag) appends a line every 250 ms to
 * /tmp/watchpost-mem-<pid>.tsv: seconds since the process started, thread id, RSS of the process, and the
 * thread's V8 heap (total, used), external memory and array buffers, in MB.
 */
import { appendFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

const file = `/tmp/watchpost-mem-${process.pid}.tsv`;
const mb = (n) => (n / 2 ** 20).toFixed(1);
const sample = () => {
  const m = process.memoryUsage();
  appendFileSync(
    file,
    `${process.uptime().toFixed(2)}\t${threadId}\t${mb(m.rss)}\t${mb(m.heapTotal)}\t${mb(m.heapUsed)}\t${mb(m.external)}\t${mb(m.arrayBuffers)}\n`,
  );
};
setInterval(sample, 250).unref();
process.on('exit', sample);
