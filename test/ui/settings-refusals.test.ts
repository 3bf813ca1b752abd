import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { seriousViolations } from '../helpers/page-checks.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });

describe.skipIf(browser.skip)('Settings refuse what would break intake, in real Chromium', () => {
  beforeAll(browser.check);

  it('saves a pasted key without its trailing space so a signed order passes, and refuses a Stripe API key at its field', async () => {
    const dataDir = tempDir();
    const serve = await spawnServe(dataDir);
    const stored = () => JSON.parse(readFileSync(serve.ready.settings, 'utf8')) as { sources?: Record<string, Record<string, string>> };
    const { page, errors } = await launchChromium();
    await page.goto(serve.ready.dashboard!);
    await page.getByRole('link', { name: 'Settings' }).click();

    // Pasted with the space a copy from Shopify's admin often drags along.
    // A first start: no platform in use yet, each one a click away under "Add a platform".
    const add = page.getByRole('group', { name: 'Add a platform' });
    await add.getByRole('button', { name: 'Shopify' }).click();
    const shopify = page.getByRole('form', { name: 'Shopify', exact: true });
    await shopify.getByLabel('Webhook signing key', { exact: true }).fill(`${SHOPIFY_SECRET}  `);
    await shopify.getByRole('button', { name: 'Save Shopify' }).click();
    await shopify.getByText('Shopify saved.').waitFor();
    expect(stored().sources?.shopify?.secret).toBe(SHOPIFY_SECRET);
    const body = JSON.stringify(shopifyOrder(1));
    const answer = await fetch(serve.ready.webhooks.shopify!, { method: 'POST', headers: shopifyHeaders(body), body });
    expect(answer.status).toBe(200);

    // A Stripe API key where the signing secret goes: refused, at the field, and nothing stored.
    await add.getByRole('button', { name: 'Stripe' }).click();
    const stripe = page.getByRole('form', { name: 'Stripe', exact: true });
    const secret = stripe.getByLabel('Signing secret (whsec_…)', { exact: true });
    await secret.fill('sk_live_51NotASigningSecret');
    await stripe.getByRole('button', { name: 'Save Stripe' }).click();
    // Beside the card's Save, in a sentence that names the field; under the field, what to do.
    await stripe.locator('.actions').getByRole('alert').getByText("Stripe's signing secret is an API key").waitFor();
    const issue = page.getByTestId('issue-stripe-secret');
    await issue.getByText('This is an API key, not the webhook signing secret').waitFor();
    expect(await secret.getAttribute('aria-invalid')).toBe('true');
    expect((await secret.getAttribute('aria-describedby'))?.split(' ')).toContain(await issue.getAttribute('id'));
    expect(stored().sources?.stripe).toBeUndefined();
    // No internal path reaches the owner.
    expect(await page.locator('main').textContent()).not.toMatch(/sources\.stripe/);
    await page.screenshot({ path: join(SCREENSHOTS, 'settings-refused-stripe-key.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    expect(errors.filter((e) => !e.includes('favicon') && !e.includes('400'))).toEqual([]);
    serve.child.kill('SIGTERM');
    await serve.exited;
  }, 60_000);
});
