import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopSettingsApi } from '../../electron/desktop/desktop-settings-api.ts';
import { DesktopSettingsStore } from '../../electron/desktop/desktop-settings-store.ts';
import { Engine } from '../../electron/engine/engine.ts';
import { aesCipher, fileBacking } from '../helpers/desktop-store.ts';
import { silentLogger } from '../helpers/engine.ts';
import { SECRETS, wooHeaders, wooOrder } from '../helpers/platforms.ts';
import { shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe('saved secrets the key store cannot decrypt (the keychain changed, the profile moved)', () => {
  it('starts anyway, marks those secrets to be entered again, keeps the rest working and the old ciphertext on disk', async () => {
    const smtp = await startSmtp();
    // Sealed by the key store of another computer (or before the keychain was reset)…
    const gone = aesCipher();
    // …and by this computer's, which can still read what it sealed itself.
    const here = aesCipher();
    const lost = {
      shopify: { $sealed: gone.encrypt('shpss_old') },
      token: { $sealed: gone.encrypt('pat-eu1-old-token') },
      host: { $sealed: gone.encrypt('https://relay.example.com/relay-secret') },
    };
    const dir = tempDir();
    const path = join(dir, 'hooktray-settings.json');
    writeFileSync(
      path,
      JSON.stringify({
        version: 2,
        desktop: { notifications: true },
        settings: {
          sources: { shopify: { secret: lost.shopify }, woocommerce: { secret: { $sealed: here.encrypt(SECRETS.woocommerce) } } },
          smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
          recipes: [
            { recipe: 'woocommerce-order-email', settings: { to: ['team@example.com'] } },
            { recipe: 'shopify-customer-hubspot', id: 'crm', settings: { token: lost.token } },
          ],
          tunnel: { provider: 'localtunnel', host: lost.host },
        },
      }),
    );

    const store = new DesktopSettingsStore(fileBacking(path), here);
    const engine = new Engine({ dataDir: dir, settings: store, logger: silentLogger, listen: { host: '127.0.0.1', port: 0 } });
    const { webhooks } = await engine.start();
    try {
      const api = { ...engine.api, ...desktopSettingsApi(engine.api, store, { current: () => engine.currentSettings }) };
      const { computer } = await api['settings.get']({});
      expect(computer.secretsToReenter).toEqual([
        { path: 'sources.shopify.secret', label: 'the Shopify webhook signing key (Settings → Platforms)' },
        { path: 'recipes.crm.settings.token', label: 'the HubSpot private app token of the recipe “New Shopify customer → HubSpot contact” (Recipes)' },
        { path: 'tunnel.host', label: 'the address of your own tunnel server (Settings → Public address)' },
      ]);
      // The window never sees a stand-in, only that a secret is there.
      expect(JSON.stringify(await api['settings.get']({}))).not.toMatch(/unreadable-/);

      // A delivery signed with the lost key is refused, as with any wrong key: nobody can know the stand-in.
      const order = JSON.stringify(shopifyOrder(1));
      expect((await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(order, { secret: 'shpss_old' }), body: order })).status).toBe(401);
      // Everything else works: a WooCommerce order is kept and its email sent.
      const woo = JSON.stringify(wooOrder(77));
      expect((await fetch(webhooks.woocommerce, { method: 'POST', headers: wooHeaders(woo), body: woo })).status).toBe(200);
      expect((await smtp.waitFor(1))[0]!.subject).toContain('77');

      // Saving other settings keeps the ciphertexts it could not read, byte for byte.
      await api['settings.update']({ notifications: false, smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Berg Shop <shop@example.com>' } });
      const stored = JSON.parse(readFileSync(path, 'utf8')).settings;
      expect(stored.sources.shopify.secret).toEqual(lost.shopify);
      expect(stored.recipes[1].settings.token).toEqual(lost.token);
      expect(stored.tunnel.host).toEqual(lost.host);
      expect(readFileSync(path, 'utf8')).not.toMatch(/unreadable-/);

      // Typed in again: no longer marked, and deliveries signed with it are taken.
      const entered = await api['settings.update']({ sources: { shopify: { secret: 'shpss_new' } } });
      expect(entered.computer.secretsToReenter?.map((s) => s.path)).toEqual(['recipes.crm.settings.token', 'tunnel.host']);
      expect((await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(order, { secret: 'shpss_new' }), body: order })).status).toBe(200);
    } finally {
      await engine.stop();
      await smtp.stop();
    }

    // Should the old key store come back (an unlocked keyring), what was not typed in again opens with it.
    expect(new DesktopSettingsStore(fileBacking(path), gone).read()).toMatchObject({
      recipes: [{}, { settings: { token: 'pat-eu1-old-token' } }],
      tunnel: { host: 'https://relay.example.com/relay-secret' },
    });
  });
});
