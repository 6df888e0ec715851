/**
 * Debian's Chromium, headless, as the tests and the benchmark drive it (never a downloaded browser).
 * The flags keep it off the network: this machine has none, and background requests would only fail.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** A skip reason for node:test when Chromium is absent, else false. */
export const chromiumMissing: string | false = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
