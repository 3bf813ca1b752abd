import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { horizontalOverflow, seriousViolations } from '../helpers/page-checks.ts';
import { deliver } from '../helpers/deliver.ts';
import { SECRETS, stripeCheckout } from '../helpers/platforms.ts';
import { SHOPIFY_SECRET, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });

describe.skipIf(browser.skip)('Home at a glance, in real Chromium', () => {
  beforeAll(browser.check);
  it('shows today in a line, the chart with its numbers as text, each platform, and asks before a replay', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({
        sources: { shopify: { secret: SHOPIFY_SECRET }, stripe: { secret: SECRETS.stripe } },
        smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
        recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
      }),
    );
    const serve = await spawnServe(dataDir);
    // Three Shopify orders emailed to the team, one Stripe checkout (an order and its payment).
    for (const n of [1, 2, 3]) await deliver(serve.ready.webhooks.shopify!, shopifyOrder(n));
    await deliver(serve.ready.webhooks.stripe!, stripeCheckout('evt_home_1'));
    await smtp.waitFor(3);

    const { page, errors } = await launchChromium();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(serve.ready.dashboard!);
    const today = page.getByTestId('today-line');
    await expect.poll(() => today.textContent()).toBe('Today: 4 orders, 1 payment, 3 emails sent, 0 failed');

    // The chart, and the same numbers as a sentence (its accessible description) and a table.
    const chart = page.getByRole('figure', { name: 'Last 14 days' });
    await chart.locator('canvas').first().waitFor();
    const description = 'Last 14 days: 4 orders, 1 payment received; 3 done, 0 failed.';
    expect(await page.getByRole('img', { name: description }).count()).toBe(1);
    expect(await page.getByTestId('chart-description').textContent()).toContain(description);
    await page.getByText('Show the numbers as a table').click();
    const rows = page.getByTestId('chart-table').locator('tbody tr');
    expect(await rows.count()).toBe(14);
    expect(await rows.last().locator('td').allTextContents()).toEqual(['4', '1', '3', '0']);
    expect((await rows.first().locator('td').allTextContents()).every((n) => n === '0')).toBe(true);

    // Per platform, on hover of today's bar and in the platform rows.
    const box = (await chart.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2);
    await expect.poll(() => page.getByTestId('chart-hover').textContent()).toMatch(/: Shopify: 3 orders, 3 done · Stripe: 1 order, 1 payment$/);
    expect(await page.getByTestId('pulse-shopify').textContent()).toMatch(/Shopify\s+last received/);
    expect(await page.getByTestId('pulse-stripe').getByRole('img', { name: 'Stripe: 2 events in 14 days' }).count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'home-chart-1280x800.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // A narrow window: the chart fits, the numbers stay.
    await page.setViewportSize({ width: 800, height: 600 });
    await expect.poll(() => chart.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= innerWidth)).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'home-chart-800x600.png'), fullPage: true });
    expect((await horizontalOverflow(page)).culprits).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    // 30 days: the same numbers over a longer table.
    await page.getByTestId('period-30').click();
    await page.getByRole('figure', { name: 'Last 30 days' }).waitFor();
    await expect.poll(() => rows.count()).toBe(30);
    expect(await page.getByTestId('period-30').getAttribute('aria-pressed')).toBe('true');
    expect(await rows.last().locator('td').allTextContents()).toEqual(['4', '1', '3', '0']);

    // Replay asks first; confirmed, its run says it is one, and Home's numbers stay as they were.
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByTestId('activity-list').getByText('Order #1001').click();
    await page.getByTestId('replay').click();
    const confirm = page.getByRole('alertdialog');
    expect(await confirm.textContent()).toContain('This emails the team again.');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('replay-confirm').count()).toBe(0);
    // Escape in the question says no, and leaves the detail open.
    await page.getByTestId('replay').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('replay').waitFor();
    expect(await page.getByTestId('activity-detail').isVisible()).toBe(true);
    await page.getByTestId('replay').click();
    await page.getByTestId('replay-yes').click();
    await smtp.waitFor(4);
    await page.getByTestId('activity-detail').getByTestId('replay-mark').waitFor();
    await page.getByRole('link', { name: 'Home' }).click();
    await expect.poll(() => page.getByTestId('today-line').textContent()).toBe('Today: 4 orders, 1 payment, 3 emails sent, 0 failed');
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  }, 90_000);
});
