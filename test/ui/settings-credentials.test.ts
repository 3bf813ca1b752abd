import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { SHOPIFY_SECRET } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });

describe.skipIf(browser.skip)('Settings → Platforms in real Chromium', () => {
  beforeAll(browser.check);
  it('connects Shopify for catch-up without ever showing the secret again, disconnects it, and removes the generic signature check', async () => {
    const dataDir = tempDir();
    const settingsFile = join(dataDir, 'settings.json');
    writeFileSync(
      settingsFile,
      JSON.stringify({ sources: { shopify: { secret: SHOPIFY_SECRET }, generic: { signatureHeader: 'X-Signature', secret: 'generic-ui-secret' } } }),
    );
    // No credentials at start, so no catch-up asks the (made-up) shop anything.
    const serve = await spawnServe(dataDir);
    const stored = () => JSON.parse(readFileSync(settingsFile, 'utf8'));
    const { page, errors } = await launchChromium();
    await page.goto(serve.ready.dashboard!);
    await page.getByRole('link', { name: 'Settings' }).click();

    // Settings shows the platforms in use (Shopify and the generic webhook have keys saved), one card each.
    const shopify = page.getByRole('form', { name: 'Shopify', exact: true });
    await shopify.waitFor();
    expect(await page.getByTestId('api-status-shopify').textContent()).toBe('Not connected.');
    await shopify.getByLabel('Shop address', { exact: true }).fill('berg-bakery.myshopify.com');
    await shopify.getByLabel('Client ID', { exact: true }).fill('cid_ui_1');
    const secretField = shopify.getByLabel('Client secret', { exact: true });
    expect(await secretField.getAttribute('type')).toBe('password');
    expect(await secretField.getAttribute('aria-describedby').then((id) => page.locator(`#${id}`).textContent())).toContain('Dev Dashboard');
    await secretField.fill('shpss_ui_client_secret');
    await shopify.getByRole('button', { name: 'Save Shopify' }).click();
    // The card's one Save says how it went beside itself.
    await shopify.locator('.actions').getByText('Shopify saved. Hooktray catches up from its API at every start.').waitFor();
    expect(await page.getByTestId('api-status-shopify').textContent()).toBe('Connected.');
    expect(stored().sources.shopify.api).toEqual({ shop: 'berg-bakery.myshopify.com', clientId: 'cid_ui_1', clientSecret: 'shpss_ui_client_secret' });
    // The secret is gone from the page: an empty field whose placeholder says it is saved.
    expect(await secretField.inputValue()).toBe('');
    expect(await secretField.getAttribute('placeholder')).toBe('saved');
    expect(await shopify.getByLabel('Shop address', { exact: true }).inputValue()).toBe('berg-bakery.myshopify.com');
    await page.reload();
    // The form can render before the settings arrive ("not set"); wait for them, then look.
    await page.locator('[data-testid="api-shopify-clientSecret"][placeholder="saved"]').waitFor();
    expect(await page.content()).not.toContain('shpss_ui_client_secret');
    await page.screenshot({ path: join(SCREENSHOTS, '9-settings-catch-up.png'), fullPage: true });

    // WooCommerce is not in use yet: added from the list of the others.
    expect(await page.getByTestId('platform-woocommerce').count()).toBe(0);
    await page.getByRole('group', { name: 'Add a platform' }).getByRole('button', { name: 'WooCommerce' }).click();
    // A refused entry says which field and what to do: in a sentence by the button, and under the field itself.
    await page.getByTestId('api-woocommerce-url').fill('https://berg-bakery.example');
    await page.getByTestId('save-woocommerce').click();
    await page
      .getByRole('form', { name: 'WooCommerce', exact: true })
      .getByRole('alert')
      .getByText("WooCommerce's consumer key: add the REST API consumer key")
      .waitFor();
    const consumerKey = page.getByTestId('api-woocommerce-consumerKey');
    expect(await consumerKey.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('issue-api-woocommerce-consumerKey').textContent()).toMatch(/^Add the REST API consumer key \(ck_…/);
    expect(await consumerKey.getAttribute('aria-describedby')).toContain('issue-sources-woocommerce-api-consumerKey');
    expect(await page.content()).not.toContain('sources.woocommerce.api');

    // Disconnect removes Shopify's API credentials, not its signing key.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('disconnect-shopify').click();
    await page.getByText('Shopify disconnected').waitFor();
    expect(await page.getByTestId('api-status-shopify').textContent()).toBe('Not connected.');
    expect(stored().sources.shopify).toEqual({ secret: SHOPIFY_SECRET });

    // The generic source's saved secret can be removed (an empty field would keep it); the header goes with it.
    const unsigned = () =>
      fetch(serve.ready.webhooks.generic!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: 'ping', at: Date.now() }),
      });
    expect((await unsigned()).status).toBe(401);
    await page.getByRole('button', { name: 'Remove the saved Secret (optional) of Other app (generic webhook)' }).click();
    await page.getByText('the signature header and secret are removed').waitFor();
    expect(stored().sources.generic).toBeUndefined();
    expect(await page.getByTestId('secret-generic-signatureHeader').inputValue()).toBe('');
    expect(await page.getByTestId('remove-generic-secret').count()).toBe(0);
    expect((await unsigned()).status).toBe(200);

    expect(errors.filter((e) => !e.includes('favicon') && !e.includes('400'))).toEqual([]);
    serve.child.kill('SIGTERM');
    await serve.exited;
  }, 60_000);
});
