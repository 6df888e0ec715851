import type { CallStats } from '../evidence/observed.js';
import type { AccountEvidence } from '../evidence/schema.js';

export interface Progress {
  update: (s: CallStats) => void;
  /** Organization scans: how many accounts will be scanned. */
  total: (n: number) => void;
  /** Organization scans: one account finished. */
  account: (a: AccountEvidence) => void;
  done: () => void;
}

/**
 * Progress on stderr: a rewritten line on a TTY (at most every 150 ms), a plain line every 5 s otherwise.
 * Organization scans add accounts done / total, regions scanned and an ETA from the accounts' pace.
 */
export function progressLine(): Progress {
  const tty = Boolean(process.stderr.isTTY);
  const started = Date.now();
  let last = 0;
  let shown = false;
  let shownCalls = -1;
  let total = -1;
  let accounts = 0;
  let regions = 0;
  let stats: CallStats = { calls: 0, retries: 0, errors: 0, byOperation: {} };
  const show = (force: boolean) => {
    const now = Date.now();
    if (!force && now - last < (tty ? 150 : 5000)) return;
    last = now;
    shown = true;
    shownCalls = stats.calls;
    const secs = (now - started) / 1000;
    const parts = [`${stats.calls} AWS calls`, `${stats.retries} retries`, `${stats.errors} errors`];
    if (total >= 0) {
      parts.unshift(`${accounts}/${total} accounts`, `${regions} regions`);
      if (accounts > 0 && accounts < total) {
        parts.push(`ETA ${Math.ceil((secs / accounts) * (total - accounts))} s`);
      }
    }
    const line = `scanning: ${parts.join(', ')}, ${secs.toFixed(1)} s`;
    process.stderr.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
  };
  return {
    update(s) {
      stats = s;
      show(false);
    },
    total(n) {
      total = n;
    },
    account(a) {
      accounts++;
      regions += a.scannedRegions.length;
      show(false);
    },
    done() {
      if (tty && shown) process.stderr.write('\r\u001b[K');
      // a log (not a TTY) ends with the totals, not with whatever the last 5-second tick showed
      else if (!tty && shown && shownCalls !== stats.calls) show(true);
    },
  };
}
