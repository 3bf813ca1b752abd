import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { BROKEN_AFTER } from '../../shared/platform-intake.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });
const FIX =
  'Shopify’s signature did not match the signing key saved in Hooktray: copy it again from Settings → Notifications → Webhooks in your Shopify admin.';

describe.skipIf(browser.skip)('refused deliveries in plain sight, in real Chromium', () => {
  beforeAll(browser.check);
  it('orders signed with the wrong key show under Activity → Refused after a reload, Home shows Shopify broken with the fix, and a good order mends it', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ sources: { shopify: { secret: SHOPIFY_SECRET } }, paused: true }));
    const serve = await spawnServe(dataDir);
    const send = async (n: number, secret?: string) => {
      const body = JSON.stringify(shopifyOrder(n));
      return (await fetch(serve.ready.webhooks.shopify!, { method: 'POST', headers: shopifyHeaders(body, secret ? { secret } : {}), body })).status;
    };
    // A key pasted wrong: Shopify sends an order and retries it.
    for (let n = 0; n < BROKEN_AFTER; n++) expect(await send(1, 'shpss_copied_from_the_wrong_shop')).toBe(401);

    const { page, errors } = await launchChromium();
    await page.goto(serve.ready.dashboard!.replace('#token=', '#/activity&token='));
    // Under All, where the owner looks for a missing order, a line says what was refused.
    const hint = page.getByTestId('refused-hint');
    expect(await hint.textContent()).toContain(`Shopify (its last ${BROKEN_AFTER} deliveries)`);
    await hint.getByRole('button', { name: 'Show the refused ones' }).click();
    const list = page.getByTestId('refused-list');
    await expect.poll(() => list.getByRole('button').count()).toBe(BROKEN_AFTER);
    expect(await list.getByRole('button').first().textContent()).toContain(FIX);

    // They are part of the record: still there after a reload.
    await page.reload();
    await page.getByLabel('Status').selectOption('refused');
    await list.getByRole('button').first().click();
    const detail = page.getByTestId('refusal-detail');
    expect(await detail.getByTestId('refusal-reason').textContent()).toBe(FIX);
    expect(await detail.textContent()).toContain('Shopify was told “401” (bad signature)');
    await detail.getByText('Headers').click();
    expect(await detail.locator('dl.headers').textContent()).toContain('x-shopify-topicorders/create');
    expect(await detail.getByTestId('refusal-excerpt').textContent()).toContain('"name":"#1001"');
    await page.screenshot({ path: join(SCREENSHOTS, '20-activity-refused.png'), fullPage: true });

    // Home: needs attention, Shopify in red with the fix.
    await page.getByRole('link', { name: 'Home' }).click();
    const shopify = page.getByTestId('platform-health-shopify');
    await shopify.getByTestId('broken-shopify').waitFor();
    expect(await shopify.getByTestId('broken-shopify').textContent()).toContain(FIX);
    expect(await shopify.textContent()).toContain('Last received: nothing yet');
    expect(await page.getByTestId('health').textContent()).toBe('Needs your attention');
    expect(await page.getByTestId('refused-count').textContent()).toBe(`${BROKEN_AFTER} refused`);
    await page.screenshot({ path: join(SCREENSHOTS, '21-home-platform-broken.png'), fullPage: true });

    // The owner fixes the key; Shopify's next order passes: Home turns back, live.
    expect(await send(2)).toBe(200);
    await shopify.getByText('getting through', { exact: true }).waitFor();
    expect(await shopify.getByTestId('broken-shopify').count()).toBe(0);
    expect(await shopify.textContent()).not.toContain('Last received: nothing yet');
    await expect.poll(() => page.getByTestId('health').textContent()).not.toBe('Needs your attention');
    // One refusal after that is told live too, but one alone is not "broken".
    expect(await send(3, 'shpss_copied_from_the_wrong_shop')).toBe(401);
    await shopify.getByText('last one refused', { exact: true }).waitFor();
    expect(await shopify.textContent()).toContain(`Last refused because: ${FIX}`);
    expect(await shopify.getByTestId('broken-shopify').count()).toBe(0);
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  }, 60_000);
});
