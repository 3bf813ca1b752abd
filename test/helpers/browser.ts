import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { onTestFailed, onTestFinished } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

/**
 * Whether the browser tests can run: Debian's Chromium and the built renderer. On a developer's
 * machine without them they are skipped; under CI (CI set) they fail instead, so a missing
 * Chromium or build can never pass as green.
 */
export function browserTests(needs: { chromium: string; renderer: string }, env: { CI?: string } = process.env): { skip: boolean; check(): void } {
  const missing = [
    ...(existsSync(needs.chromium) ? [] : [`${needs.chromium} is missing (.ci/run installs Debian's chromium)`]),
    ...(existsSync(needs.renderer) ? [] : [`${needs.renderer} is missing (npm run build:renderer)`]),
  ];
  const ci = env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
  return {
    skip: missing.length > 0 && !inCi,
    check() {
      if (missing.length) throw new Error(`CI is set, so the browser tests must run, but ${missing.join(' and ')}.`);
    },
  };
}

/** Debian's Chromium, headless, with a fresh profile and no background traffic (the network is closed). */
export async function launchChromium(): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright starts every launch with a fresh temporary profile of its own.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  onTestFinished(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.setDefaultTimeout(15_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  onTestFailed(async () => {
    await page.screenshot({ path: join(SCREENSHOTS, 'failure.png'), fullPage: true }).catch(() => undefined);
  });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { browser, page, errors };
}
