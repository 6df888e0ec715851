import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Opens the report in headless Chromium (Debian's, never a downloaded one): time until the page is
 * interactive (`body.ready`) and the time one status filter takes. Skipped when Chromium is absent.
 */
export async function browserFigures(html: string): Promise<string> {
  const chromiumPath = '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) return 'Browser figures: skipped (no /usr/bin/chromium)';
  const { chromium } = await import('playwright-core');
  const file = join(mkdtempSync(join(tmpdir(), 'watchpost-bench-html-')), 'report.html');
  writeFileSync(file, html);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
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
