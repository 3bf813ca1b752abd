import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { startDiscord } from '../helpers/destinations/chat.ts';
import { SECRETS, wooHeaders, wooOrder } from '../helpers/platforms.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });

// Needs Debian's Chromium (.ci/run installs it) and the built renderer (npm test builds it).
describe.skipIf(browser.skip)('Build your own in real Chromium', () => {
  beforeAll(browser.check);
  it('WooCommerce new order → Discord: set up, test event, and a signed order posts once to Discord', async () => {
    const discord = await startDiscord();
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ sources: { woocommerce: { secret: SECRETS.woocommerce } }, runner: { baseDelayMs: 60_000 } }),
    );
    const serve = await spawnServe(dataDir);
    const { page, errors } = await launchChromium();
    await page.goto(serve.ready.dashboard!);
    await page.getByRole('link', { name: 'Recipes' }).click();

    // Pick what happens, then what to do.
    await page.getByTestId('recipe-build-your-own').click();
    await page.getByRole('region', { name: 'Build your own' }).waitFor();
    await page.getByLabel('When this happens in').selectOption({ label: 'WooCommerce' });
    await page.getByLabel('What happens').selectOption({ label: 'New order' });
    // Actions that need one person are offered for orders; "anything" leaves them out, saying why.
    expect(await page.getByLabel('Do this').locator('option', { hasText: 'Add or update a HubSpot contact' }).count()).toBe(1);
    await page.getByLabel('What happens').selectOption({ label: 'Anything it sends' });
    expect(await page.getByLabel('Do this').locator('option', { hasText: 'Add or update a HubSpot contact' }).count()).toBe(0);
    await page.getByText(/Not offered here, as they need an event about one person/).waitFor();
    await page.getByLabel('What happens').selectOption({ label: 'New order' });
    await page.getByLabel('Do this').selectOption({ label: 'Post a Discord message' });
    await page.screenshot({ path: join(SCREENSHOTS, '9-build-your-own.png'), fullPage: true });
    await page.getByTestId('byo-next').click();

    // The wizard of the pair: its one field, a test event, then on.
    await page.getByRole('region', { name: 'New WooCommerce order → Discord message' }).waitFor();
    await page.getByLabel('Discord webhook address').fill(discord.webhookUrl);
    await page.getByTestId('send-test').click();
    await page.getByTestId('test-result').getByText('It worked').waitFor();
    expect(discord.state.messages).toHaveLength(1);
    expect(discord.state.messages[0]!.content).toMatch(/^\*\*\[Test\]\*\* 🛒 \*\*New order \\#1001\*\*/);
    await page.getByTestId('turn-on').click();
    const toggle = page.getByTestId('toggle-woocommerce-order-created-to-discord');
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(true);
    // It opens again from its card, as any recipe does.
    await page.getByRole('listitem').filter({ hasText: 'New WooCommerce order → Discord message' }).getByRole('button', { name: 'Change' }).click();
    expect(await page.getByLabel('Discord webhook address').inputValue()).toBe(discord.webhookUrl);
    await page.getByRole('button', { name: 'Cancel' }).click();

    // A real signed WooCommerce order, delivered twice (WooCommerce's own redelivery): one message.
    const body = JSON.stringify(wooOrder(3107));
    for (let i = 0; i < 2; i++) {
      const res = await fetch(serve.ready.webhooks.woocommerce!, { method: 'POST', headers: wooHeaders(body), body });
      expect(res.status).toBe(200);
    }
    await expect.poll(() => discord.state.messages.length, { timeout: 15_000 }).toBe(2);
    expect(discord.state.messages[1]!.content).toContain('New order \\#3107** from Lena Berg: **64.50 EUR**');
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByText('Order #3107 from Lena Berg, 64.50 EUR').first().waitFor();
    expect(discord.state.messages).toHaveLength(2);

    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
    serve.child.kill('SIGTERM');
    await serve.exited;
  }, 90_000);

  it('the website form page shows the HTML to paste with the form’s address, and the translator previews its body as the owner types', async () => {
    const dataDir = tempDir();
    const serve = await spawnServe(dataDir);
    const { page, errors } = await launchChromium();
    await page.goto(serve.ready.dashboard!);
    await page.getByText('How to set it up in Website form').click();
    await page.getByTestId('form-page-link').click();
    await page.getByRole('heading', { name: 'Website form' }).waitFor();
    await page.getByTestId('form-thanks').fill('https://shop.example/thanks');
    const html = await page.getByTestId('form-html').inputValue();
    expect(html).toContain(`action="${serve.ready.webhooks.form!}"`);
    expect(html).toContain('name="_redirect" value="https://shop.example/thanks"');

    await page.getByRole('link', { name: 'Recipes' }).click();
    await page.getByTestId('recipe-any-event-api').click();
    const body = page.getByLabel('Body (JSON)');
    await body.fill('{\n  "who": "{{ person.name }}",\n  "total": {{ order.total }}\n}');
    await page.getByTestId('preview-body_json').getByText('"who": "Jane Example"').waitFor();
    await body.fill('{\n  "who": "{{ person.name }}",\n  "total" {{ order.total }}\n}');
    await page
      .getByTestId('preview-error-body_json')
      .getByText(/^line 3: the body is not valid JSON/)
      .waitFor();
    await page.getByLabel('API address').fill('https://api.example.com/rows');
    await page.getByTestId('send-test').click();
    await page
      .getByTestId('wizard-error')
      .getByText(/^Body \(JSON\): line 3: the body is not valid JSON/)
      .waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, '10-api-body.png'), fullPage: true });
    expect(errors.filter((e) => !e.includes('favicon') && !e.includes('status of 400'))).toEqual([]);
    serve.child.kill('SIGTERM');
    await serve.exited;
  }, 60_000);
});
