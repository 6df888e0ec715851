import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumMissing, launchChromium } from '../test/support/chromium.js';

/**
 * Opens the report in headless Chromium (Debian's, never a downloaded one): time until the page is
 * interactive (`body.ready`) and the time one status filter takes. Skipped when Chromium is absent.
 */
export async function browserFigures(html: string): Promise<string> {
  if (chromiumMissing) return `Browser figures: skipped (${chromiumMissing})`;
  const file = join(mkdtempSync(join(tmpdir(), 'watchpost-bench-html-')), 'report.html');
  writeFileSync(file, html);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const t0 = performance.now();
    await page.goto(`file://${file}`);
    await page.waitForSelector('body.ready', { timeout: 60_000 });
    const interactive = performance.now() - t0;
    const t1 = performance.now();
    await page.selectOption('#f-status', 'fail');
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const filter = performance.now() - t1;
    return `Browser (Chromium, headless): interactive after ${interactive.toFixed(0)} ms; a status filter took ${filter.toFixed(0)} ms`;
  } finally {
    await browser.close();
  }
}
