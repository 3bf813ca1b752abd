import { describe, expect, it } from 'vitest';
import { startEngine } from '../helpers/engine.ts';
import { startShopifyAdmin } from '../helpers/platform-apis/shopify-admin.ts';
import { startStripeRest } from '../helpers/platform-apis/stripe-rest.ts';
import { startWooRest } from '../helpers/platform-apis/woocommerce-rest.ts';
import { SECRETS } from '../helpers/platforms.ts';
import { SHOPIFY_SECRET } from '../helpers/shopify.ts';

const email = (recipe: string) => ({ recipe, settings: { to: ['team@example.com'] } });
const NEW_URL = 'https://k3x9q2.tunnel.example.com/h/';

describe('webhook subscription guard', () => {
  it('Shopify: re-points a subscription at an old address and creates a missing one', async () => {
    const api = await startShopifyAdmin({ token: 'shpat_g', orders: [] });
    api.subscriptions.push({ id: 'gid://shopify/WebhookSubscription/7', topic: 'ORDERS_CREATE', uri: 'https://old-name.loca.lt/h/shopify/tok' });
    const { engine } = await startEngine(
      { sources: { shopify: { secret: SHOPIFY_SECRET, api: { shop: 'demo.myshopify.com', accessToken: 'shpat_g', apiBaseUrl: api.baseUrl } } }, paused: true, recipes: [email('shopify-order-email')] },
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

  it('WooCommerce: re-activates a webhook the platform disabled and points it at the current address', async () => {
    const api = await startWooRest({ key: 'ck', secret: 'cs', orders: [], webhooks: [{ id: 11, name: 'Hooktray order.created', topic: 'order.created', status: 'disabled', delivery_url: 'https://old-name.loca.lt/h/woocommerce/tok' }] });
    const { engine } = await startEngine({ sources: { woocommerce: { secret: SECRETS.woocommerce, api: { url: api.baseUrl, consumerKey: 'ck', consumerSecret: 'cs' } } }, paused: true, recipes: [email('woocommerce-order-email')] }, { autoCatchUp: false });
    const activity: string[] = [];
    engine.events.on('activity', (a) => activity.push(a.text));
    const [report] = await engine.api['subscriptions.guard']({ urls: { woocommerce: `${NEW_URL}woocommerce/tok` } });
    expect(report).toMatchObject({ source: 'woocommerce', outcome: 'reactivated' });
    expect(api.webhooks[0]).toMatchObject({ status: 'active', delivery_url: `${NEW_URL}woocommerce/tok` });
    expect(activity.join('\n')).toContain('re-activated order.created');
  });

  it('Stripe: updates the endpoint URL; ClinchPad (no API) gets a plain instruction instead', async () => {
    const api = await startStripeRest({ key: 'rk_g', events: [], endpoints: [{ id: 'we_1', url: 'https://old-name.loca.lt/h/stripe/tok', status: 'enabled', enabled_events: ['checkout.session.completed'] }] });
    const { engine } = await startEngine({ sources: { stripe: { secret: SECRETS.stripe, api: { secretKey: 'rk_g', apiBaseUrl: api.baseUrl } } }, paused: true, recipes: [email('stripe-payment-email'), email('clinchpad-lead-email')] }, { autoCatchUp: false });
    const reports = await engine.api['subscriptions.guard']({ urls: { stripe: `${NEW_URL}stripe/tok`, clinchpad: `${NEW_URL}clinchpad/tok` } });
    expect(reports.find((r) => r.source === 'stripe')).toMatchObject({ outcome: 'updated' });
    expect(api.endpoints[0]!.url).toBe(`${NEW_URL}stripe/tok`);
    expect(reports.find((r) => r.source === 'clinchpad')).toMatchObject({ outcome: 'manual', message: expect.stringContaining('ClinchPad → Settings → Integrations → Webhooks') });
  });
});
