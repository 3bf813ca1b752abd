import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { OfflinePeriods } from '../../electron/engine/catchup/offline-periods.ts';
import { openDatabase } from '../../electron/engine/store/database.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { chromiumNames, horizontalOverflow, seriousViolations } from '../helpers/page-checks.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });
const LONG = 'Order #1042 from Maria Alessandra Rossi-Bianchi, 49.90 EUR';
const VERY_LONG = `Order #1043 from ${'Maximiliane Theodora '.repeat(8).trim()} von Hohenzollern, 49.90 EUR`;
const SIZES = [
  { width: 760, height: 500 },
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

/** Every screen, as the owner reaches it: [name, hash, what shows that it is ready, how to get there from its page]. */
const SCREENS: [string, string, (page: Page) => Promise<void>][] = [
  ['home', '#/home', (page) => page.getByTestId('offline-summary').waitFor()],
  ['recipes', '#/recipes', (page) => page.getByTestId('recipe-shopify-order-email').waitFor()],
  [
    'wizard',
    '#/recipes',
    async (page) => {
      await page.getByRole('button', { name: /^Change/ }).click();
      await page.getByRole('region', { name: 'New Shopify order → email the team' }).waitFor();
    },
  ],
  [
    'build-your-own',
    '#/recipes',
    async (page) => {
      await page.getByTestId('recipe-build-your-own').click();
      await page.getByRole('region', { name: 'Build your own' }).getByRole('option', { name: 'Pick what to do…' }).waitFor({ state: 'attached' });
    },
  ],
  ['activity', '#/activity', (page) => page.getByText(LONG).waitFor()],
  ['settings', '#/settings', (page) => page.getByTestId('smtp-address').waitFor()],
  ['form', '#/form', (page) => page.getByTestId('form-html').waitFor()],
];

/** Opens a screen afresh: by way of another page, so a view left open (the wizard) starts over. */
async function show(page: Page, hash: string, ready: (page: Page) => Promise<void>) {
  await page.evaluate(() => (location.hash = '#/blank'));
  await page.evaluate((h) => (location.hash = h), hash);
  await ready(page);
}

/** The row's summary as rendered: its width, whether all of it is visible, and its hover text. */
const summaryOf = (page: Page, text: string) =>
  page.locator('.row-item .what', { hasText: text }).evaluate((el: HTMLElement) => ({
    whole: el.scrollWidth <= el.clientWidth,
    width: el.getBoundingClientRect().width,
    row: el.closest('.row-item')!.getBoundingClientRect().width,
    title: el.title,
  }));

/** How far the rightmost of Home's cards (other than full-width ones) ends before the right edge of their row. */
const cardsGap = (page: Page) =>
  page.locator('.cards').evaluate((el) => {
    const rights = [...el.children].filter((c) => !c.classList.contains('wide')).map((c) => c.getBoundingClientRect().right);
    return el.getBoundingClientRect().right - Math.max(...rights);
  });
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid'));

describe.skipIf(browser.skip)('every screen fits the window, from 760×500 to a wide monitor', () => {
  beforeAll(browser.check);
  it('nothing overflows sideways, Activity rows use the width, the detail is a side panel or a full view, and axe finds nothing serious', async () => {
    const smtp = await startSmtp();
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({
        sources: { shopify: { secret: SHOPIFY_SECRET } },
        smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
        recipes: [{ recipe: 'shopify-order-email', enabled: true, settings: { to: ['team@example.com'] } }],
      }),
    );
    // Hooktray was off for an hour yesterday: Home shows "While you were away" beside its other cards.
    const db = openDatabase({ dataDir });
    new OfflinePeriods(db).record(Date.now() - 26 * 3_600_000, Date.now() - 25 * 3_600_000, 'Hooktray was not running');
    db.close();
    const serve = await spawnServe(dataDir);
    for (const [n, last] of [
      [42, 'Rossi-Bianchi'],
      [43, 'von Hohenzollern'],
    ] as const) {
      const first = n === 42 ? 'Maria Alessandra' : 'Maximiliane Theodora '.repeat(8).trim();
      const body = JSON.stringify(shopifyOrder(n, { customer: { id: n, email: `b${n}@example.com`, first_name: first, last_name: last } }));
      expect((await fetch(serve.ready.webhooks.shopify!, { method: 'POST', headers: shopifyHeaders(body), body })).status).toBe(200);
    }
    await smtp.waitFor(2);
    const { page, errors } = await launchChromium();
    await page.goto(serve.ready.dashboard!);
    await page.getByRole('heading', { name: 'Everything at a glance' }).waitFor();

    const problems: string[] = [];
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const at = `${size.width}×${size.height}`;
      for (const [name, hash, ready] of SCREENS) {
        await show(page, hash, ready);
        const overflow = await horizontalOverflow(page);
        if (overflow.scrollWidth > overflow.innerWidth)
          problems.push(`${name} at ${at}: ${overflow.scrollWidth} px wide in ${overflow.innerWidth} (${overflow.culprits.join(', ')})`);
        // axe, and a screenshot, at the two sizes of the issue (axe's findings do not depend on a few pixels more).
        if (size.width === 800 || size.width === 1280) {
          problems.push(...(await seriousViolations(page)).map((v) => `${name} at ${at}: ${v}`));
          await page.screenshot({ path: join(SCREENSHOTS, `fit-${name}-${size.width}.png`) });
        }
        // Home's cards fill their rows, also with "While you were away" across the full width below them.
        if (name === 'home') expect(await cardsGap(page), `empty space right of Home's cards at ${at}`).toBeLessThan(2);
      }

      // Activity: a long customer name is read whole; a far too long one still fills the row, whole on hover.
      await show(page, '#/activity', (p) => p.getByText(LONG).waitFor());
      const long = await summaryOf(page, LONG);
      expect(long, `${LONG} at ${at}`).toMatchObject({ whole: true, title: LONG });
      const veryLong = await summaryOf(page, VERY_LONG);
      expect(veryLong.title).toBe(VERY_LONG);
      expect(veryLong.width, `the summary's share of the row at ${at}`).toBeGreaterThan(veryLong.row * 0.5);

      // Announced as what came and what each recipe did (not "done done"). Opened from the keyboard, the
      // focus moves into the detail; Escape closes it and puts the focus back on the row.
      const announced = new RegExp(`^${escaped(LONG)} — New Shopify order → email the team: done\\. Received \\w+ \\d+, \\d`);
      expect(
        (await chromiumNames(page, 'button')).filter((name) => announced.test(name)),
        `the row's name as Chromium gives it at ${at}`,
      ).toHaveLength(1);
      const row = page.getByRole('button', { name: announced });
      const rowId = await row.getAttribute('data-testid');
      await row.focus();
      await page.keyboard.press('Enter');
      const detail = page.getByTestId('activity-detail');
      await detail.getByRole('heading', { name: LONG }).waitFor();
      await expect.poll(() => activeTestId(page)).toBe('activity-detail');
      const wide = size.width >= 1280;
      const [list, panel] = [await page.getByTestId('activity-list').boundingBox(), await detail.boundingBox()];
      if (wide) {
        expect(list && panel && panel.x >= list.x + list.width - 1, `side by side at ${at}`).toBe(true);
        expect((await summaryOf(page, LONG)).whole, `${LONG} beside the detail at ${at}`).toBe(true);
      } else {
        expect(await page.getByTestId('activity-list').isVisible(), `the detail in place of the list at ${at}`).toBe(false);
        expect(panel!.width).toBeGreaterThan(size.width * 0.9);
      }
      const overflow = await horizontalOverflow(page);
      if (overflow.scrollWidth > overflow.innerWidth)
        problems.push(`activity detail at ${at}: ${overflow.scrollWidth} px wide (${overflow.culprits.join(', ')})`);
      if (size.width === 800 || size.width === 1280) problems.push(...(await seriousViolations(page)).map((v) => `activity detail at ${at}: ${v}`));
      await page.screenshot({ path: join(SCREENSHOTS, `fit-activity-detail-${size.width}.png`) });
      await page.keyboard.press('Escape');
      await detail.waitFor({ state: 'detached' });
      await expect.poll(() => activeTestId(page)).toBe(rowId);
      expect(await page.getByTestId('activity-list').isVisible()).toBe(true);

      // The one cut short in its row reads whole in the detail; opened with the mouse, closed with ×, the focus goes back the same way.
      const cut = page.locator('.row-item', { hasText: VERY_LONG });
      await cut.locator('.what').click();
      const heading = detail.getByRole('heading', { name: VERY_LONG });
      await heading.waitFor();
      expect(
        await heading.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= innerWidth),
        `${VERY_LONG} whole in the detail at ${at}`,
      ).toBe(true);
      await expect.poll(() => activeTestId(page)).toBe('activity-detail');
      await detail.getByRole('button', { name: 'Close details' }).click();
      await detail.waitFor({ state: 'detached' });
      await expect.poll(() => activeTestId(page)).toBe(await cut.getByRole('button').getAttribute('data-testid'));
    }
    expect(problems).toEqual([]);
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
    serve.child.kill('SIGTERM');
    await serve.exited;
    await smtp.stop();
  }, 180_000);
});
