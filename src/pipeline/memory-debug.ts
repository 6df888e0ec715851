/**
 * `WATCHPOST_DEBUG_MEMORY=1`: a line on stderr at each stage of writing the outputs and at the end of an
 * organization scan's accounts, with the thread's heap (used / total), the process's RSS and its peak so
 * far (bench/RESULTS.md, "Peak memory"). Off otherwise: nothing is measured.
 */
const on = process.env.WATCHPOST_DEBUG_MEMORY === '1';
const mb = (n: number) => (n / 2 ** 20).toFixed(0);

export function memoryMark(stage: string): void {
  if (!on) return;
  const m = process.memoryUsage();
  process.stderr.write(
    `memory: ${stage}: heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB, RSS ${mb(m.rss)} MB, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB\n`,
  );
}
