import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopSettingsApi } from '../../electron/desktop/desktop-settings-api.ts';
import { DesktopSettingsStore } from '../../electron/desktop/desktop-settings-store.ts';
import { Engine } from '../../electron/engine/engine.ts';
import { silentLogger } from '../helpers/engine.ts';
import { aesCipher, fileBacking } from '../helpers/desktop-store.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const CREDENTIALS = {
  shopify: { shop: 'berg-bakery.myshopify.com', clientId: 'cid_berg', clientSecret: 'shpss_client_secret_d', accessToken: 'shpat_token_d' },
  woocommerce: { url: 'https://berg-bakery.example', consumerKey: 'ck_berg', consumerSecret: 'cs_secret_d' },
  stripe: { secretKey: 'rk_live_key_d' },
  clinchpad: { apiKey: 'cp_key_d' },
};
/** Where each secret of the Settings window's catch-up group lives in the stored document. */
const SEALED = [
  ['shopify', 'clientSecret'],
  ['shopify', 'accessToken'],
  ['woocommerce', 'consumerSecret'],
  ['stripe', 'secretKey'],
  ['clinchpad', 'apiKey'],
] as const;

describe('catch-up credentials in the desktop app', () => {
  it('seals every API secret entered in Settings with the key store, and keeps the shop, address and IDs readable', async () => {
    const dir = tempDir();
    const path = join(dir, 'doc.json');
    const cipher = aesCipher();
    const store = new DesktopSettingsStore(fileBacking(path), cipher);
    const engine = new Engine({ dataDir: dir, settings: store, logger: silentLogger, listen: { host: '127.0.0.1', port: 0 } });
    const api = { ...engine.api, ...desktopSettingsApi(engine.api, store) };

    const masked = await api['settings.update']({ api: CREDENTIALS });
    expect(JSON.stringify(masked)).not.toMatch(/shpss_client_secret_d|shpat_token_d|cs_secret_d|rk_live_key_d|cp_key_d/);
    expect(masked.computer.secrets).toBe('encrypted');

    const doc = JSON.parse(readFileSync(path, 'utf8'));
    for (const [source, key] of SEALED) {
      const value = doc.settings.sources[source].api[key];
      expect(value, `sources.${source}.api.${key} is sealed`).toEqual({ $sealed: expect.any(String) });
      expect(cipher.decrypt(value.$sealed)).toBe((CREDENTIALS[source] as Record<string, string>)[key]);
    }
    expect(doc.settings.sources.shopify.api).toMatchObject({ shop: 'berg-bakery.myshopify.com', clientId: 'cid_berg' });
    expect(doc.settings.sources.woocommerce.api).toMatchObject({ url: 'https://berg-bakery.example', consumerKey: 'ck_berg' });

    // The engine reads them back in plain text from the sealed document.
    const again = new DesktopSettingsStore(fileBacking(path), cipher).read() as { sources: Record<string, { api: unknown }> };
    for (const source of Object.keys(CREDENTIALS) as (keyof typeof CREDENTIALS)[]) expect(again.sources[source]!.api).toEqual(CREDENTIALS[source]);
  });
});
