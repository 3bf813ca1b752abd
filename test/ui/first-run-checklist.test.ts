import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { spawnRelay } from '../helpers/relay.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });

/** A port nothing listens on yet, for a relay started later. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(browser.skip)('a first hour that guides, in real Chromium', () => {
  beforeAll(browser.check);
  it('the checklist ticks each step as it is done, and Copy warns while the address is local only', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const relayPort = await freePort();
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' } }));
    // The relay is not there yet: the public address cannot come up.
    const serve = await spawnServe(dataDir, ['--tunnel', 'localtunnel', '--tunnel-host', `http://127.0.0.1:${relayPort}`]);
    const dashboard = new URL(serve.ready.dashboard!);
    const token = dashboard.hash.replace('#token=', '');
    const api = async (name: string, args: unknown) => {
      const res = await fetch(`${dashboard.origin}/api/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      expect(res.status, `${name}: ${await res.clone().text()}`).toBe(200);
      return res.json() as Promise<unknown>;
    };

    const { page, errors } = await launchChromium();
    await page.goto(serve.ready.dashboard!);
    const list = page.getByTestId('first-run');
    const step = (id: string) => list.getByTestId(`first-run-${id}`);
    const ticked = (id: string) => list.locator(`[data-testid="first-run-${id}"][data-done="true"]`).waitFor();
    await list.waitFor();
    for (const id of ['online', 'key', 'recipe', 'test', 'delivery']) expect(await step(id).getAttribute('data-done'), id).toBe('false');
    // Each step names where it is done, the platform's own page included.
    expect(await step('key').textContent()).toContain('Settings → Notifications → Webhooks in your Shopify admin');
    expect(await step('key').getByRole('link', { name: 'Save the key' }).getAttribute('href')).toBe('#/settings?platform=shopify');

    // Copying while the address is this computer's own: a warning next to the button.
    const shopifyCard = page.locator('.guide', { has: page.getByTestId('url-shopify') });
    await shopifyCard.getByRole('button', { name: 'Copy the address for Shopify' }).click();
    const warning = page.getByTestId('url-shopify-local');
    expect(await warning.textContent()).toContain('only works on this computer');
    await page.screenshot({ path: join(SCREENSHOTS, '22-first-run-copy-local.png'), fullPage: true });

    // 1. The relay comes up: the public address is online, and the warning goes.
    const relay = await spawnRelay([], { port: relayPort });
    onTestFinished(() => relay.stop());
    await api('tunnel.reconnect', { reason: 'the relay is up' });
    await ticked('online');
    expect(await warning.count()).toBe(0);
    await shopifyCard.getByRole('button', { name: 'Copy the address for Shopify' }).click();
    expect(await warning.count()).toBe(0);

    // 2. The signing key, saved in Settings as the step says.
    await step('key').getByRole('link', { name: 'Save the key' }).click();
    await page.getByTestId('secret-shopify-secret').fill(SHOPIFY_SECRET);
    // The link opened Shopify's card, though no platform was in use yet.
    await page.getByRole('form', { name: 'Shopify', exact: true }).getByRole('button', { name: 'Save Shopify' }).click();
    await page.getByText('Shopify saved.').waitFor();
    await page.getByRole('link', { name: 'Home' }).click();
    await ticked('key');

    // 3 and 4. A recipe switched on (here through the same API the wizard uses), and its test.
    await api('recipes.save', { recipe: 'shopify-order-email', enabled: true, settings: { to: ['team@example.com'] } });
    await ticked('recipe');
    expect(await step('test').getAttribute('data-done')).toBe('false');
    await api('recipes.sendTest', { id: 'shopify-order-email' });
    await smtp.waitFor(1);
    await ticked('test');

    // 5. The first real order.
    const body = JSON.stringify(shopifyOrder(1));
    expect((await fetch(serve.ready.webhooks.shopify!, { method: 'POST', headers: shopifyHeaders(body), body })).status).toBe(200);
    await ticked('delivery');
    await list.getByRole('heading', { name: 'You are all set' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, '23-first-run-done.png'), fullPage: true });

    // Done before Home opens: not shown again.
    await page.reload();
    await page.getByTestId('platform-health').waitFor();
    expect(await list.count()).toBe(0);
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  }, 90_000);
});
