import { describe, expect, it } from 'vitest';
import { BROKEN_AFTER, isBroken } from '../../shared/platform-intake.ts';
import { refusalReason } from '../../shared/refusal-words.ts';
import { startEngine } from '../helpers/engine.ts';
import { SECRETS, stripeSignature } from '../helpers/platforms.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';

const settings = {
  sources: { shopify: { secret: SHOPIFY_SECRET }, stripe: { secret: SECRETS.stripe } },
  paused: true,
  recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
};

async function sendShopify(url: string, n: number, secret?: string): Promise<number> {
  const body = JSON.stringify(shopifyOrder(n));
  return (await fetch(url, { method: 'POST', headers: shopifyHeaders(body, secret ? { secret } : {}), body })).status;
}

describe('each platform’s intake, from the journal', () => {
  it('counts refusals since the last delivery the platform itself sent: a test event mends nothing', async () => {
    const { engine, webhooks } = await startEngine(settings);
    expect(await engine.api['platforms.intake']({})).toEqual([]);
    expect(await sendShopify(webhooks.shopify, 1)).toBe(200);
    for (let n = 2; n < 2 + BROKEN_AFTER; n++) expect(await sendShopify(webhooks.shopify, n, 'shpss_wrong')).toBe(401);
    // Send test event stores a Shopify-looking delivery, but it proves nothing about Shopify's key.
    await engine.api['recipes.sendTest']({ id: 'shopify-order-email' });
    const [shopify, ...others] = await engine.api['platforms.intake']({});
    expect(others).toEqual([]);
    expect(shopify).toMatchObject({ source: 'shopify', refusedInARow: BROKEN_AFTER, lastRefusal: { code: 'bad_signature' } });
    expect(Date.parse(shopify!.lastRefusedAt!)).toBeGreaterThanOrEqual(Date.parse(shopify!.lastReceivedAt!));
    expect(isBroken(shopify)).toBe(true);

    // Another platform is its own: a refused Stripe payment does not touch Shopify, nor the other way.
    const body = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'customer.created',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'cus_1', object: 'customer', email: 'kim@example.com' } },
    });
    const stripe = await fetch(webhooks.stripe, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(body, 'whsec_wrong') },
      body,
    });
    expect(stripe.status).toBe(401);
    expect(await sendShopify(webhooks.shopify, 50)).toBe(200);
    const after = await engine.api['platforms.intake']({});
    expect(after.map((p) => [p.source, p.refusedInARow, isBroken(p)])).toEqual([
      ['shopify', 0, false],
      ['stripe', 1, false],
    ]);
    expect(after[1]).not.toHaveProperty('lastReceivedAt');
  });

  it('lists refusals per platform and page by page, and they survive a restart', async () => {
    const first = await startEngine(settings);
    for (let n = 1; n <= 3; n++) expect(await sendShopify(first.webhooks.shopify, n, 'shpss_wrong')).toBe(401);
    const body = '{"id":"evt_2"}';
    expect(
      (
        await fetch(first.webhooks.stripe, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(body, 'whsec_wrong') },
          body,
        })
      ).status,
    ).toBe(401);
    await first.engine.stop();

    const { engine } = await startEngine(settings, { dataDir: first.dataDir });
    const all = await engine.api['rejections.list']({});
    expect(all.map((r) => r.source)).toEqual(['stripe', 'shopify', 'shopify', 'shopify']);
    const shopify = await engine.api['rejections.list']({ source: 'shopify', limit: 2 });
    expect(shopify.map((r) => r.id)).toEqual([all[1]!.id, all[2]!.id]);
    expect((await engine.api['rejections.list']({ source: 'shopify', beforeId: shopify[1]!.id })).map((r) => r.id)).toEqual([all[3]!.id]);
    expect(isBroken((await engine.api['platforms.intake']({})).find((p) => p.source === 'shopify'))).toBe(true);
  });
});

describe('why a delivery was refused, in one sentence', () => {
  it('says a key that did not match with the platform’s own words and page', () => {
    expect(refusalReason({ source: 'shopify', code: 'bad_signature', message: 'x' })).toBe(
      'Shopify’s signature did not match the signing key saved in Hooktray: copy it again from Settings → Notifications → Webhooks in your Shopify admin.',
    );
    expect(refusalReason({ source: 'paypal', code: 'no_secret', message: 'x' })).toBe(
      'PayPal’s Webhook ID, Client ID and Secret are not saved in Hooktray, so its deliveries cannot be checked: copy them from Apps & Credentials → your app on developer.paypal.com into Hooktray → Settings → PayPal.',
    );
    // What the check that refused it said is already plain: kept as it is.
    expect(refusalReason({ source: 'shopify', code: 'body_too_large', message: 'The body is larger than the 1024 KB limit.' })).toBe(
      'The body is larger than the 1024 KB limit.',
    );
    expect(refusalReason({ source: 'unknown', code: 'bad_signature', message: 'Kept as said.' })).toBe('Kept as said.');
  });
});
