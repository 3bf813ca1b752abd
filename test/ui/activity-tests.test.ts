import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Run } from '../../shared/runs.ts';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { dashboardApi } from '../helpers/dashboard-api.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });

describe.skipIf(browser.skip)('Activity → Tests, in real Chromium', () => {
  beforeAll(browser.check);
  it('lists the test events alone, and Failed lists the failed order but never the failed test', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({
        sources: { shopify: { secret: SHOPIFY_SECRET } },
        smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
        recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
      }),
    );
    const serve = await spawnServe(dataDir);
    const dashboard = serve.ready.dashboard!;
    const api = dashboardApi(dashboard);
    const order = async (n: number) => {
      const body = JSON.stringify(shopifyOrder(n));
      expect((await fetch(serve.ready.webhooks.shopify!, { method: 'POST', headers: shopifyHeaders(body), body })).status).toBe(200);
    };
    const settled = (what: string, count: number) =>
      waitUntil(async () => (await api<Run[]>('runs.list')).filter((r) => r.status === 'succeeded' || r.status === 'failed').length === count, what);

    // A test that works and a real order that works; then the mail server refuses a test and an order.
    await api('recipes.sendTest', { id: 'shopify-order-email' });
    await order(1);
    await settled('the first test and order', 2);
    smtp.refuse = true;
    await api('recipes.sendTest', { id: 'shopify-order-email' });
    await order(2);
    await settled('the failed test and order', 4);

    const { page, errors } = await launchChromium();
    await page.goto(dashboard.replace('#token=', '#/activity&token='));
    const list = page.getByRole('list', { name: 'Deliveries, newest first' });
    const rows = list.getByRole('listitem');
    const total = page.getByTestId('activity-total');
    await expect.poll(() => total.textContent()).toBe('4 deliveries');
    const status = page.getByLabel('Status');
    expect(await status.locator('option').allTextContents()).toContain('tests');

    await status.selectOption({ label: 'tests' });
    await expect.poll(() => total.textContent()).toBe('2 deliveries');
    expect(await rows.allTextContents()).toEqual([
      expect.stringMatching(/Order #1001 from Jane Example.*test.*failed · test/),
      expect.stringMatching(/done · test/),
    ]);
    await page.screenshot({ path: join(SCREENSHOTS, '30-activity-tests.png'), fullPage: true });

    // Failed is what needs the owner: the real order, not the test that failed.
    await status.selectOption({ label: 'failed' });
    await expect.poll(() => total.textContent()).toBe('1 delivery');
    expect(await rows.allTextContents()).toEqual([expect.stringMatching(/Order #1002 from Jane Doe 2.*failed/)]);
    expect(await rows.first().textContent()).not.toContain('test');

    // A link straight to the tests (#/activity?status=tests) opens them.
    await page.goto(dashboard.replace('#token=', '#/activity?status=tests&token='));
    await page.reload();
    expect(await status.inputValue()).toBe('tests');
    await expect.poll(() => total.textContent()).toBe('2 deliveries');
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
    serve.child.kill('SIGTERM');
    await serve.exited;
  }, 60_000);
});
