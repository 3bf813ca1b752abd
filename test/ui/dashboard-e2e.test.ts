import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });

// Needs Debian's Chromium (.ci/run installs it) and the built renderer (npm test builds it).
describe.skipIf(browser.skip)('the dashboard in real Chromium', () => {
  beforeAll(browser.check);
  it('sets up Shopify → email in the wizard, sends a test, shows a signed order live, opens it, and retries a failed run', async () => {
    const smtp = await startSmtp();
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({
        sources: { shopify: { secret: SHOPIFY_SECRET } },
        smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
        runner: { baseDelayMs: 60_000 },
      }),
    );
    const serve = await spawnServe(dataDir);
    const dashboard = serve.ready.dashboard!;
    expect(dashboard).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
    const { page, errors } = await launchChromium();

    await page.goto(dashboard);
    await page.getByRole('heading', { name: 'Everything at a glance' }).waitFor();
    // The token moved from the address to sessionStorage; the Shopify address is the one serve printed.
    expect(page.url()).not.toContain('token=');
    await expect.poll(() => page.getByTestId('url-shopify').inputValue()).toBe(serve.ready.webhooks.shopify);
    expect(await page.getByTestId('health').textContent()).toContain('Local only');
    await page.screenshot({ path: join(SCREENSHOTS, '1-home.png'), fullPage: true });

    // The wizard: pick the recipe, fill the one field, send a test event, turn it on.
    await page.getByRole('link', { name: 'Recipes' }).click();
    await page.getByTestId('recipe-shopify-order-email').click();
    await page.getByLabel('Send to').fill('team@example.com');
    await page.getByTestId('send-test').click();
    await page.getByTestId('test-result').getByText('It worked').waitFor();
    const [testMail] = await smtp.waitFor(1);
    expect(testMail!.subject).toContain('[Test]');
    await page.screenshot({ path: join(SCREENSHOTS, '2-wizard.png'), fullPage: true });
    await page.getByTestId('turn-on').click();
    await page.getByTestId('toggle-shopify-order-email').waitFor();
    expect(await page.getByTestId('toggle-shopify-order-email').isChecked()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, '3-recipes.png'), fullPage: true });

    // A real signed order, delivered while the activity view is open, appears without a reload.
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByTestId('activity-list').waitFor();
    const body = JSON.stringify(shopifyOrder(42));
    const res = await fetch(serve.ready.webhooks.shopify!, { method: 'POST', headers: shopifyHeaders(body), body });
    expect(res.status).toBe(200);
    await page.getByText('Order #1042 from Jane Doe 42, 49.90 EUR').waitFor();
    await smtp.waitFor(2);
    // Each row is a list item holding a button, so screen readers hear both a list and a button.
    const rows = page.getByRole('list', { name: 'Deliveries, newest first' }).getByRole('listitem');
    expect(await rows.getByRole('button', { name: /Order #1042 from Jane Doe 42/ }).count()).toBe(1);
    await page.getByText('Order #1042 from Jane Doe 42, 49.90 EUR').click();
    await page.getByTestId('activity-detail').waitFor();
    await page.getByTestId('payload').getByText('"name": "#1042"').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, '4-activity-detail.png'), fullPage: true });

    // A run that fails for good (the mail server refuses), then a retry from the detail view.
    smtp.refuse = true;
    const second = JSON.stringify(shopifyOrder(43));
    await fetch(serve.ready.webhooks.shopify!, { method: 'POST', headers: shopifyHeaders(second), body: second });
    const row = page.getByText('Order #1043 from Jane Doe 43, 49.90 EUR');
    await row.waitFor();
    await page.locator('.pill.failed').first().waitFor();
    await row.click();
    const retry = page.getByRole('button', { name: 'Retry now' });
    await retry.waitFor();
    smtp.refuse = false;
    await retry.click();
    await smtp.waitFor(3);
    await page.getByTestId('activity-detail').locator('.pill.succeeded').waitFor();
    expect(smtp.mails.at(-1)!.subject).toBe('New order #1043 from Jane Doe 43');
    await page.screenshot({ path: join(SCREENSHOTS, '5-activity-retried.png'), fullPage: true });

    // Search narrows the list to the matching delivery.
    await page.getByTestId('activity-search').fill('#1043');
    await page.getByRole('button', { name: 'Find' }).click();
    await expect.poll(() => page.locator('.row-item').count()).toBe(1);
    expect(await page.locator('.row-item').textContent()).toContain('Order #1043');

    await page.getByRole('link', { name: 'Settings' }).click();
    // Email starts from the address; the saved server is in the folded server settings.
    await page.getByTestId('smtp-manual').getByText('127.0.0.1').waitFor();
    expect(await page.getByTestId('smtp-host').inputValue()).toBe('127.0.0.1');
    // The headless host says plainly where secrets are and that they are not encrypted; no desktop switch.
    expect(await page.getByTestId('secrets-at-rest').textContent()).toContain(`saved as you typed them in ${join(dataDir, 'settings.json')}`);
    expect(await page.getByTestId('notifications').count()).toBe(0);
    // Where the log is, as a path to copy: a browser page cannot open a folder on the computer.
    expect(await page.getByTestId('log-file').textContent()).toBe(join(dataDir, 'logs', 'hooktray.log'));
    expect(await page.getByTestId('open-log-folder').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, '6-settings.png'), fullPage: true });

    // Paused from elsewhere (the tray, another window): Home shows it at once, without a reload.
    await page.getByRole('link', { name: 'Home' }).click();
    const token = new URL(dashboard).hash.replace('#token=', '');
    await fetch(new URL('/api/engine.setPaused', dashboard), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"paused":true}',
    });
    await expect.poll(() => page.getByTestId('health').textContent()).toContain('Paused');

    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
    serve.child.kill('SIGTERM');
    await serve.exited;

    // After a restart Home's recent list comes from the store, not from nothing.
    const again = await spawnServe(dataDir);
    await page.goto(again.ready.dashboard!);
    await page.getByTestId('recent-line').filter({ hasText: 'Order #1043 from Jane Doe 43, 49.90 EUR → New Shopify order → email the team ✓' }).waitFor();
    again.child.kill('SIGTERM');
    await again.exited;
    await smtp.stop();
  }, 90_000);
});
