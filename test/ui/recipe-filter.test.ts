import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/runs.ts';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { dashboardApi } from '../helpers/dashboard-api.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });

describe.skipIf(browser.skip)('"Only when…" in the recipe wizard, in real Chromium', () => {
  beforeAll(browser.check);
  it('sets "Order total is at least 100" on Shopify → email: of two signed orders only the big one is emailed, and the card says why', async () => {
    const smtp = await startSmtp();
    const dataDir = tempDir();
    const settingsFile = join(dataDir, 'settings.json');
    writeFileSync(
      settingsFile,
      JSON.stringify({ sources: { shopify: { secret: SHOPIFY_SECRET } }, smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' } }),
    );
    const serve = await spawnServe(dataDir);
    const dashboard = serve.ready.dashboard!;
    const api = dashboardApi(dashboard);
    const { page, errors } = await launchChromium();
    await page.goto(dashboard);
    await page.getByRole('link', { name: 'Recipes' }).click();
    await page.getByTestId('recipe-shopify-order-email').click();
    await page.getByLabel('Send to').fill('team@example.com');

    // The optional step, from the keyboard: "Add a condition" puts the keyboard in the new row's field.
    const onlyWhen = page.getByRole('group', { name: 'Only when… (optional)' });
    await onlyWhen.getByRole('button', { name: 'Add a condition' }).focus();
    await page.keyboard.press('Enter');
    const row = onlyWhen.getByRole('group', { name: 'Condition 1' });
    const field = row.getByLabel('Field', { exact: true });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    // The short list speaks the owner's words for this trigger, and offers any other field.
    expect(await field.locator('option').allTextContents()).toEqual(['Order total', 'Currency', 'Customer email', 'Customer name', 'Tags', 'Other field…']);
    await field.selectOption({ label: 'Order total' });
    const condition = row.getByLabel('Condition', { exact: true });
    expect(await condition.locator('option').allTextContents()).toEqual(['is', 'is not', 'contains', 'is at least', 'is at most', 'is filled in']);
    await condition.selectOption({ label: 'is at least' });
    await row.getByLabel('Value', { exact: true }).fill('100');
    await page.screenshot({ path: join(SCREENSHOTS, '10-wizard-only-when.png'), fullPage: true });

    await page.getByTestId('send-test').click();
    await page.getByTestId('test-result').getByText('It worked').waitFor();
    await smtp.waitFor(1);
    await page.getByTestId('turn-on').click();
    const card = page.getByTestId('conditions-shopify-order-email');
    await card.waitFor();
    expect(await card.textContent()).toBe('only when Order total is at least 100');
    expect(JSON.parse(readFileSync(settingsFile, 'utf8')).recipes[0].filter).toEqual([{ field: 'order.total', op: '>=', value: 100 }]);
    await page.screenshot({ path: join(SCREENSHOTS, '11-recipe-card-condition.png'), fullPage: true });

    // Two signed orders: 50.00 and 150.00 EUR. Both are kept; only the second starts a run.
    for (const [n, total] of [
      [50, '50.00'],
      [150, '150.00'],
    ] as const) {
      const body = JSON.stringify(shopifyOrder(n, { total_price: total }));
      expect((await fetch(serve.ready.webhooks.shopify!, { method: 'POST', headers: shopifyHeaders(body), body })).status).toBe(200);
    }
    await smtp.waitFor(2);
    const runs = (await api<Run[]>('runs.list')).filter((r) => !r.test);
    expect(runs.map((r) => r.summary)).toEqual([expect.stringContaining('#1150')]);
    expect((await api<{ total: number }>('activity.count')).total).toBe(3);
    expect(smtp.mails.map((m) => m.subject).filter((s) => !s.includes('[Test]'))).toEqual(['New order #1150 from Jane Doe 150']);

    // Editable: the wizard opens with the condition as saved; a changed value shows on the card.
    await page.getByRole('button', { name: 'Change' }).click();
    const again = page.getByRole('group', { name: 'Condition 1' });
    expect(await again.getByLabel('Field', { exact: true }).inputValue()).toBe('order.total');
    expect(await again.getByLabel('Condition', { exact: true }).inputValue()).toBe('>=');
    await again.getByLabel('Value', { exact: true }).fill('200');
    await page.getByTestId('send-test').click();
    await page.getByTestId('test-result').getByText('It worked').waitFor();
    await page.getByTestId('turn-on').click();
    await expect.poll(() => card.textContent()).toBe('only when Order total is at least 200');

    // Removing the last condition removes the filter: the card no longer mentions one.
    await page.getByRole('button', { name: 'Change' }).click();
    await page.getByRole('button', { name: 'Remove condition 1' }).click();
    await page.getByTestId('send-test').click();
    await page.getByTestId('test-result').getByText('It worked').waitFor();
    await page.getByTestId('turn-on').click();
    await page.getByTestId('toggle-shopify-order-email').waitFor();
    expect(await card.count()).toBe(0);
    expect(JSON.parse(readFileSync(settingsFile, 'utf8')).recipes[0]).not.toHaveProperty('filter');

    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
    serve.child.kill('SIGTERM');
    await serve.exited;
    await smtp.stop();
  }, 60_000);
});
