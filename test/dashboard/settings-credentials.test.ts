import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { SettingsInput } from '../../shared/config.ts';
import type { FieldIssue } from '../../shared/field-issues.ts';
import type { MaskedSettings } from '../../shared/contract.ts';
import { startDashboard } from '../../electron/cli/dashboard.ts';
import { Engine } from '../../electron/engine/engine.ts';
import { JsonSettingsFile } from '../../electron/engine/settings/json-settings-file.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** Every log line the engine and the dashboard write, at every level, to look for secrets in. */
function capturingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) }));
  return { logger, lines };
}

/** The Settings window's calls over the dashboard's HTTP API, against a real engine and settings file. */
async function setup(settings: SettingsInput) {
  const { logger, lines } = capturingLogger();
  const started = await startEngine(settings, { logger, autoCatchUp: false });
  const dashboard = await startDashboard(started.engine, { port: 0, logger });
  const url = new URL(dashboard.url);
  const token = url.hash.replace('#token=', '');
  const answers: string[] = [];
  const call = async (op: string, args: unknown = {}) => {
    const res = await fetch(`${url.origin}/api/${op}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    const text = await res.text();
    answers.push(text);
    return { status: res.status, body: JSON.parse(text) as Partial<MaskedSettings> & { message?: string; fields?: FieldIssue[] } };
  };
  const stored = () => JSON.parse(readFileSync(join(started.dataDir, 'settings.json'), 'utf8'));
  return { ...started, dashboard, call, stored, answers, logs: lines };
}

const CREDENTIALS = {
  shopify: { shop: 'berg-bakery.myshopify.com', clientId: 'cid_berg_1', clientSecret: 'shpss_client_secret_1', accessToken: 'shpat_static_token_1' },
  woocommerce: { url: 'https://berg-bakery.example', consumerKey: 'ck_berg_1', consumerSecret: 'cs_consumer_secret_1' },
  stripe: { secretKey: 'rk_live_restricted_1' },
  clinchpad: { apiKey: 'cp_api_key_1' },
};
const SECRETS = ['shpss_client_secret_1', 'shpat_static_token_1', 'cs_consumer_secret_1', 'rk_live_restricted_1', 'cp_api_key_1'];

describe('catch-up credentials in Settings', () => {
  it('stores them, shows only the shop, address and IDs back, and never a secret in an answer or a log', async () => {
    const { call, stored, answers, logs, dashboard } = await setup({ sources: { shopify: { secret: SHOPIFY_SECRET } }, paused: true });
    const saved = await call('settings.update', { api: CREDENTIALS });
    expect(saved.status).toBe(200);
    const masked = {
      shopify: { shop: 'berg-bakery.myshopify.com', clientId: 'cid_berg_1', clientSecret: true, accessToken: true },
      woocommerce: { url: 'https://berg-bakery.example', consumerKey: 'ck_berg_1', consumerSecret: true },
      stripe: { secretKey: true },
      clinchpad: { apiKey: true },
    };
    expect(saved.body.api).toEqual(masked);
    expect((await call('settings.get')).body.api).toEqual(masked);
    // Stored as typed, next to the signing secret that was already there.
    const file = stored();
    expect(file.sources.shopify).toEqual({ secret: SHOPIFY_SECRET, api: CREDENTIALS.shopify });
    for (const id of ['woocommerce', 'stripe', 'clinchpad'] as const) expect(file.sources[id].api).toEqual(CREDENTIALS[id]);

    // An empty secret keeps the stored one; a changed shop address is taken (trimmed) with its secrets typed again.
    await call('settings.update', { api: { shopify: { clientId: 'cid_berg_2', clientSecret: '' } } });
    expect(stored().sources.shopify.api).toEqual({ ...CREDENTIALS.shopify, clientId: 'cid_berg_2' });
    await call('settings.update', {
      api: {
        shopify: { shop: ' other-shop.myshopify.com ', clientId: 'cid_berg_1', clientSecret: 'shpss_client_secret_1', accessToken: 'shpat_static_token_1' },
      },
    });
    expect(stored().sources.shopify.api).toEqual({ ...CREDENTIALS.shopify, shop: 'other-shop.myshopify.com' });

    // A refused change (the Stripe key is a publishable one) names the field and echoes no key.
    const refused = await call('settings.update', { api: { stripe: { secretKey: 'pk_live_publishable_1' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^Stripe's restricted key is a publishable key/);
    expect(refused.body.fields).toEqual([{ field: 'sources.stripe.api.secretKey', message: expect.stringMatching(/^This is a publishable key/) }]);
    await call('status.get');

    expect(logs.length, 'the log is captured').toBeGreaterThan(0);
    for (const text of [...answers, ...logs]) for (const secret of [...SECRETS, 'pk_live_publishable_1']) expect(text).not.toContain(secret);
    await dashboard.close();
  });

  it('refuses incomplete credentials with the same rule the settings file gets, at the field, and changes nothing', async () => {
    const { call, stored, dashboard } = await setup({ sources: {}, paused: true });
    const before = stored();
    const woo = await call('settings.update', { api: { woocommerce: { url: 'https://berg-bakery.example', consumerKey: 'ck_1' } } });
    expect(woo.status).toBe(400);
    const rule = 'add the REST API consumer secret (cs_…, shown once when the key is made)';
    expect(woo.body.message).toBe(`WooCommerce's consumer secret: ${rule}.`);
    expect(woo.body.fields).toEqual([
      { field: 'sources.woocommerce.api.consumerSecret', message: 'Add the REST API consumer secret (cs_…, shown once when the key is made)' },
    ]);
    const shopify = await call('settings.update', { api: { shopify: { shop: 'x.myshopify.com', clientId: 'cid' } } });
    expect(shopify.body.message).toContain("Shopify's client secret is needed with the client ID");
    expect(stored()).toEqual(before);

    // The same credentials in the settings file stop the start with the same words.
    const dataDir = tempDir();
    const path = join(dataDir, 'settings.json');
    writeFileSync(path, JSON.stringify({ sources: { woocommerce: { api: { url: 'https://berg-bakery.example', consumerKey: 'ck_1' } } } }));
    expect(() => new Engine({ dataDir, settings: new JsonSettingsFile(path), logger: pino({ level: 'silent' }) })).toThrow(
      `sources.woocommerce.api.consumerSecret: ${rule}`,
    );

    // Keys a platform does not read are refused by name.
    const typo = await call('settings.update', { api: { stripe: { secretkey: 'rk_1' } } });
    expect(typo.status).toBe(400);
    expect(typo.body.message).toContain('secretkey');
    await dashboard.close();
  });

  it("Disconnect removes one platform's credentials and nothing else; a proxy address set in the file is kept on changes", async () => {
    const { call, stored, dashboard } = await setup({
      sources: {
        shopify: { secret: SHOPIFY_SECRET, api: { shop: 's.myshopify.com', accessToken: 'shpat_1', apiBaseUrl: 'http://127.0.0.1:9' } },
        stripe: { api: { secretKey: 'rk_1' } },
      },
      paused: true,
    });
    // apiBaseUrl is the file's business: not shown, not lost.
    expect((await call('settings.get')).body.api?.shopify).toEqual({ shop: 's.myshopify.com', accessToken: true });
    await call('settings.update', { api: { shopify: { shop: 's2.myshopify.com', accessToken: 'shpat_2' } } });
    expect(stored().sources.shopify.api).toEqual({ shop: 's2.myshopify.com', accessToken: 'shpat_2', apiBaseUrl: 'http://127.0.0.1:9' });

    const after = await call('settings.update', { api: { shopify: null } });
    expect(after.status).toBe(200);
    expect(after.body.api).toEqual({ stripe: { secretKey: true } });
    expect(stored().sources).toEqual({ shopify: { secret: SHOPIFY_SECRET }, stripe: { api: { secretKey: 'rk_1' } } });
    // The last credential of a platform removed one by one: its api goes too (and then the empty platform).
    await call('settings.update', { api: { stripe: { secretKey: null } } });
    expect(stored().sources).toEqual({ shopify: { secret: SHOPIFY_SECRET } });
    await dashboard.close();
  });
});

describe('removing a saved optional value', () => {
  it('removes the generic signature check (header and secret together), so unsigned deliveries are taken again', async () => {
    const { call, stored, webhooks, dashboard } = await setup({
      sources: { generic: { signatureHeader: 'X-Signature', secret: 'generic-secret-1' } },
      paused: true,
    });
    const post = () =>
      fetch(webhooks.generic!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event: 'ping', n: Math.random() }) });
    expect((await post()).status).toBe(401);

    // "" still means keep: the secret survives a save of the form.
    await call('settings.update', { sources: { generic: { signatureHeader: 'X-Signature', secret: '' } } });
    expect(stored().sources.generic).toEqual({ signatureHeader: 'X-Signature', secret: 'generic-secret-1' });

    // Remove next to the saved secret: null. The header alone would refuse everything, so it goes too.
    const removed = await call('settings.update', { sources: { generic: { secret: null } } });
    expect(removed.status).toBe(200);
    expect(removed.body.sources?.generic).toBeUndefined();
    expect(stored().sources.generic).toBeUndefined();
    expect((await post()).status).toBe(200);
    await dashboard.close();
  });

  it('clearing the header removes the secret too; a secret without a header is refused with what to do', async () => {
    const { call, stored, dashboard } = await setup({
      sources: { generic: { signatureHeader: 'X-Signature', secret: 'generic-secret-2' }, clinchpad: { handshakeKey: 'hk_1' } },
      paused: true,
    });
    const cleared = await call('settings.update', { sources: { generic: { signatureHeader: '', secret: '' } } });
    expect(cleared.status).toBe(200);
    expect(stored().sources.generic).toBeUndefined();

    const alone = await call('settings.update', { sources: { generic: { secret: 'generic-secret-3' } } });
    expect(alone.body.message).toMatch(/^Other app's signature header is needed with the secret: add the header the app puts its HMAC-SHA256 of the body in/);
    expect(alone.body.fields).toEqual([{ field: 'sources.generic.signatureHeader', message: expect.stringMatching(/^This is needed with the secret/) }]);
    expect(alone.body.message).not.toContain('generic-secret-3');

    // Any other optional secret: null removes just that key.
    const handshake = await call('settings.update', { sources: { clinchpad: { handshakeKey: null } } });
    expect(handshake.body.sources?.clinchpad).toBeUndefined();
    expect(stored().sources.clinchpad).toBeUndefined();
    await dashboard.close();
  });
});
