import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEngine } from '../helpers/engine.ts';
import { startShopifyAdmin } from '../helpers/platform-apis/shopify-admin.ts';
import { startStripeRest } from '../helpers/platform-apis/stripe-rest.ts';
import { startWooRest } from '../helpers/platform-apis/woocommerce-rest.ts';
import { SECRETS } from '../helpers/platforms.ts';
import { SHOPIFY_SECRET } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const email = (recipe: string) => ({ recipe, settings: { to: ['team@example.com'] } });
const NEW_URL = 'https://k3x9q2.tunnel.example.com/h/';
const wooApi = (baseUrl: string) => ({ url: 'https://berg-bakery.example', apiBaseUrl: baseUrl, consumerKey: 'ck', consumerSecret: 'cs' });

describe('webhook subscription guard', () => {
  it('Shopify: re-points a subscription at an old address and creates a missing one', async () => {
    const api = await startShopifyAdmin({ token: 'shpat_g' });
    api.subscriptions.push({ id: 'gid://shopify/WebhookSubscription/7', topic: 'ORDERS_CREATE', uri: 'https://old-name.loca.lt/h/shopify/tok' });
    const { engine } = await startEngine(
      {
        sources: { shopify: { secret: SHOPIFY_SECRET, api: { shop: 'demo.myshopify.com', accessToken: 'shpat_g', apiBaseUrl: api.baseUrl } } },
        paused: true,
        recipes: [email('shopify-order-email')],
      },
      { autoCatchUp: false },
    );
    const [report] = await engine.api['subscriptions.guard']({ urls: { shopify: `${NEW_URL}shopify/tok` } });
    expect(report).toMatchObject({ source: 'shopify', outcome: 'updated' });
    expect(api.subscriptions).toEqual([{ id: 'gid://shopify/WebhookSubscription/7', topic: 'ORDERS_CREATE', uri: `${NEW_URL}shopify/tok` }]);
    // Again: nothing to do.
    expect((await engine.api['subscriptions.guard']({ urls: { shopify: `${NEW_URL}shopify/tok` } }))[0]).toMatchObject({ outcome: 'ok' });
    api.subscriptions.length = 0;
    expect((await engine.api['subscriptions.guard']({ urls: { shopify: `${NEW_URL}shopify/tok` } }))[0]).toMatchObject({ outcome: 'created' });
    expect(api.subscriptions).toEqual([expect.objectContaining({ topic: 'ORDERS_CREATE', uri: `${NEW_URL}shopify/tok` })]);
  });

  it('guards the platforms an "any order" recipe listens to, even when it is the only recipe', async () => {
    const shopify = await startShopifyAdmin({ token: 'shpat_a' });
    const woo = await startWooRest({ key: 'ck', secret: 'cs', orders: [] });
    const { engine } = await startEngine(
      {
        sources: {
          shopify: { secret: SHOPIFY_SECRET, api: { shop: 'demo.myshopify.com', accessToken: 'shpat_a', apiBaseUrl: shopify.baseUrl } },
          woocommerce: { secret: SECRETS.woocommerce, api: wooApi(woo.baseUrl) },
        },
        paused: true,
        recipes: [{ recipe: 'any-order-xlsx', settings: { file: join(tempDir(), 'orders.xlsx') } }],
      },
      { autoCatchUp: false },
    );
    const reports = await engine.api['subscriptions.guard']({ urls: { shopify: `${NEW_URL}shopify/tok`, woocommerce: `${NEW_URL}woocommerce/tok` } });
    expect(reports.map((r) => [r.source, r.outcome]).sort()).toEqual([
      ['shopify', 'created'],
      ['woocommerce', 'created'],
    ]);
    expect(shopify.subscriptions).toEqual([expect.objectContaining({ topic: 'ORDERS_CREATE' })]);
    expect(woo.webhooks).toEqual([expect.objectContaining({ topic: 'order.created', delivery_url: `${NEW_URL}woocommerce/tok`, status: 'active' })]);
  });

  it('WooCommerce: re-activates a webhook the platform disabled and points it at the current address, with our secret', async () => {
    const api = await startWooRest({
      key: 'ck',
      secret: 'cs',
      orders: [],
      rateLimitWebhooks: true,
      webhooks: [
        { id: 11, name: 'Hooktray order.created', topic: 'order.created', status: 'disabled', delivery_url: 'https://old-name.loca.lt/h/woocommerce/tok' },
      ],
    });
    const { engine } = await startEngine(
      { sources: { woocommerce: { secret: SECRETS.woocommerce, api: wooApi(api.baseUrl) } }, paused: true, recipes: [email('woocommerce-order-email')] },
      { autoCatchUp: false },
    );
    const activity: string[] = [];
    engine.events.on('log', (a) => activity.push(a.text));
    const [report] = await engine.api['subscriptions.guard']({ urls: { woocommerce: `${NEW_URL}woocommerce/tok` } });
    expect(report).toMatchObject({ source: 'woocommerce', outcome: 'reactivated' });
    expect(api.webhooks[0]).toMatchObject({ status: 'active', delivery_url: `${NEW_URL}woocommerce/tok`, secret: SECRETS.woocommerce });
    expect(activity.join('\n')).toContain('re-activated order.created');
    expect(api.requests.filter((r) => r.startsWith('GET /wp-json/wc/v3/webhooks'))).toHaveLength(2); // the 429, then the list
  });

  it('WooCommerce: creates a missing webhook always with our secret, and without one refuses and says what to set', async () => {
    const api = await startWooRest({ key: 'ck', secret: 'cs', orders: [] });
    const withSecret = await startEngine(
      { sources: { woocommerce: { secret: SECRETS.woocommerce, api: wooApi(api.baseUrl) } }, paused: true, recipes: [email('woocommerce-order-email')] },
      { autoCatchUp: false },
    );
    expect((await withSecret.engine.api['subscriptions.guard']({ urls: { woocommerce: `${NEW_URL}woocommerce/tok` } }))[0]).toMatchObject({
      outcome: 'created',
    });
    expect(api.bodies).toEqual([
      { name: 'Hooktray order.created', topic: 'order.created', delivery_url: `${NEW_URL}woocommerce/tok`, status: 'active', secret: SECRETS.woocommerce },
    ]);

    const other = await startWooRest({ key: 'ck', secret: 'cs', orders: [] });
    const noSecret = await startEngine(
      { sources: { woocommerce: { api: wooApi(other.baseUrl) } }, paused: true, recipes: [email('woocommerce-order-email')] },
      { autoCatchUp: false },
    );
    const [report] = await noSecret.engine.api['subscriptions.guard']({ urls: { woocommerce: `${NEW_URL}woocommerce/tok` } });
    expect(report).toMatchObject({
      outcome: 'manual',
      message: expect.stringMatching(
        /^Hooktray did not create the WooCommerce order\.created webhook: set a webhook secret first .*Hooktray → Settings → WooCommerce/,
      ),
    });
    expect(other.webhooks).toEqual([]);
  });

  it('Stripe: updates the endpoint URL (form-encoded, waiting out a 429); ClinchPad (no API) gets a plain instruction instead', async () => {
    const api = await startStripeRest({
      key: 'rk_g',
      events: [],
      endpoints: [{ id: 'we_1', url: 'https://old-name.loca.lt/h/stripe/tok', status: 'enabled', enabled_events: ['payment_intent.succeeded'] }],
    });
    api.faults.rateLimit = 1;
    const { engine } = await startEngine(
      {
        sources: { stripe: { secret: SECRETS.stripe, api: { secretKey: 'rk_g', apiBaseUrl: api.baseUrl } } },
        paused: true,
        recipes: [email('stripe-payment-email'), email('clinchpad-lead-email')],
      },
      { autoCatchUp: false },
    );
    const reports = await engine.api['subscriptions.guard']({ urls: { stripe: `${NEW_URL}stripe/tok`, clinchpad: `${NEW_URL}clinchpad/tok` } });
    expect(reports.find((r) => r.source === 'stripe')).toMatchObject({ outcome: 'updated' });
    expect(api.endpoints[0]!.url).toBe(`${NEW_URL}stripe/tok`);
    expect(api.requests.filter((r) => r.startsWith('GET /v1/webhook_endpoints'))).toHaveLength(2);
    expect(reports.find((r) => r.source === 'clinchpad')).toMatchObject({
      outcome: 'manual',
      message: expect.stringContaining('ClinchPad → Settings → Integrations → Webhooks'),
    });
  });

  it('Stripe: re-enables an endpoint Stripe disabled after failed deliveries', async () => {
    const api = await startStripeRest({
      key: 'rk_d',
      events: [],
      endpoints: [{ id: 'we_2', url: `${NEW_URL}stripe/tok`, status: 'disabled', enabled_events: ['payment_intent.succeeded'] }],
    });
    const { engine } = await startEngine(
      {
        sources: { stripe: { secret: SECRETS.stripe, api: { secretKey: 'rk_d', apiBaseUrl: api.baseUrl } } },
        paused: true,
        recipes: [email('stripe-payment-email')],
      },
      { autoCatchUp: false },
    );
    const [report] = await engine.api['subscriptions.guard']({ urls: { stripe: `${NEW_URL}stripe/tok` } });
    expect(report).toMatchObject({ source: 'stripe', outcome: 'reactivated' });
    expect(api.endpoints[0]).toMatchObject({ status: 'enabled', url: `${NEW_URL}stripe/tok` });
    expect(api.requests.at(-1)).toBe('POST /v1/webhook_endpoints/we_2');
  });

  it('the contract servers refuse what the real APIs refuse', async () => {
    const stripe = await startStripeRest({
      key: 'rk_c',
      events: [],
      endpoints: [{ id: 'we_3', url: 'https://a.example/h/stripe/x', status: 'enabled', enabled_events: ['*'] }],
    });
    const post = (body: string, type: string) =>
      fetch(`${stripe.baseUrl}/v1/webhook_endpoints/we_3`, { method: 'POST', headers: { authorization: 'Bearer rk_c', 'content-type': type }, body });
    expect((await post(JSON.stringify({ url: 'https://b.example' }), 'application/json')).status).toBe(400);
    expect((await (await post('url=https%3A%2F%2Fb.example&colour=red', 'application/x-www-form-urlencoded')).json()) as unknown).toMatchObject({
      error: { message: 'Received unknown parameter: colour' },
    });
    expect((await post('url=http%3A%2F%2Fb.example', 'application/x-www-form-urlencoded')).status).toBe(400);
    expect((await post('disabled=maybe', 'application/x-www-form-urlencoded')).status).toBe(400);

    const woo = await startWooRest({ key: 'ck', secret: 'cs', orders: [] });
    const auth = `Basic ${Buffer.from('ck:cs').toString('base64')}`;
    const create = (body: unknown) =>
      fetch(`${woo.baseUrl}/wp-json/wc/v3/webhooks`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await create({ topic: 'order.created' })).status).toBe(400);
    expect((await create({ topic: 'order.exploded', delivery_url: 'https://a.example' })).status).toBe(400);
    expect((await create({ topic: 'order.created', delivery_url: 'https://a.example', status: 'on' })).status).toBe(400);
    // Without a secret WooCommerce signs with one of its own: never ours.
    const made = (await (await create({ topic: 'order.created', delivery_url: 'https://a.example' })).json()) as { secret: string };
    expect(made.secret).toMatch(/^[0-9a-f]{32}$/);
  });
});
