import { describe, expect, it } from 'vitest';
import type { SettingsInput } from '../../shared/config.ts';
import { offlineSummary } from '../../electron/engine/catchup/offline-summary.ts';
import { settingsSchema } from '../../shared/config.ts';
import { startEngine } from '../helpers/engine.ts';
import { startClinchPadRest } from '../helpers/platform-apis/clinchpad-rest.ts';
import { startShopifyAdmin } from '../helpers/platform-apis/shopify-admin.ts';
import { startStripeRest } from '../helpers/platform-apis/stripe-rest.ts';
import { startWooRest } from '../helpers/platform-apis/woocommerce-rest.ts';
import { SECRETS, stripeCheckout, stripeSignature, wooHeaders, wooOrder } from '../helpers/platforms.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { waitUntil } from '../helpers/wait.ts';

const email = (recipe: string) => ({ recipe, settings: { to: ['team@example.com'] } });
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

async function engineWith(sources: SettingsInput['sources'], recipes: string[]) {
  const started = await startEngine({ sources, paused: true, recipes: recipes.map(email) }, { autoCatchUp: false });
  const runs = () => started.engine.state.runs.list({ limit: 500 });
  const origins = () => started.engine.state.db.prepare(`SELECT d.origin, e.key FROM events e JOIN deliveries d ON d.id = e.delivery_id ORDER BY e.id`).all() as { origin: string; key: string }[];
  return { ...started, runs, origins };
}

describe('catch-up after downtime', () => {
  it('Shopify: runs exactly the orders created while offline, once, even when their webhooks arrive later', async () => {
    const api = await startShopifyAdmin({
      token: 'shpat_test',
      pageSize: 2,
      throttleOnce: true,
      orders: [
        { id: 5500000001, name: '#1001', email: 'a@example.com', createdAt: iso(60 * 60_000), total: '10.00' },
        { id: 5500000002, name: '#1002', email: 'b@example.com', createdAt: iso(30 * 60_000), total: '20.00' },
        { id: 5500000003, name: '#1003', email: 'c@example.com', createdAt: iso(20 * 60_000), total: '30.00' },
        { id: 5500000004, name: '#1004', email: 'd@example.com', createdAt: iso(10 * 60_000), total: '40.00' },
      ],
    });
    const { engine, webhooks, runs, origins } = await engineWith({ shopify: { secret: SHOPIFY_SECRET, api: { shop: 'demo-shop.myshopify.com', accessToken: 'shpat_test', apiBaseUrl: api.baseUrl } } }, ['shopify-order-email']);
    // Order 1001 came in by webhook before we went offline.
    const first = JSON.stringify(shopifyOrder(1));
    expect((await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(first), body: first })).status).toBe(200);

    const reports = await engine.api['catchup.run']({ since: iso(2 * 3_600_000) });
    const shopify = reports.find((r) => r.source === 'shopify')!;
    expect(shopify).toMatchObject({ fetched: 4, fresh: 3, runs: 3 });
    expect(runs().map((r) => r.summary).sort()).toEqual(['Order #1001 from Jane Doe 1, 49.90 EUR', 'Order #1002 from Jane Doe, 20.00 EUR', 'Order #1003 from Jane Doe, 30.00 EUR', 'Order #1004 from Jane Doe, 40.00 EUR']);
    expect(origins().filter((o) => o.origin === 'catch-up').map((o) => o.key)).toEqual(['order:5500000002:order.created', 'order:5500000003:order.created', 'order:5500000004:order.created']);
    // One THROTTLED answer waited out, then two pages of two.
    expect(api.requests.filter((r) => r.startsWith('POST /admin/api/2026-10/graphql.json')).length).toBe(3);

    // Shopify's own retry of order 1003's webhook arrives after it was caught up: nothing runs again.
    const late = JSON.stringify(shopifyOrder(3, { id: 5500000003, name: '#1003' }));
    const res = await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(late), body: late });
    expect(await res.json()).toMatchObject({ duplicate: false, runs: 0 });
    // And a second catch-up finds nothing new.
    expect((await engine.api['catchup.run']({})).find((r) => r.source === 'shopify')).toMatchObject({ fresh: 0, runs: 0 });
    expect(runs()).toHaveLength(4);
  });

  it('WooCommerce: fetches created and paid orders with Basic auth and paging, waits out a 429', async () => {
    const orders = [1, 2, 3].map((n) => wooOrder(300 + n, { date_created_gmt: iso((40 - n) * 60_000).slice(0, 19), date_modified_gmt: iso((40 - n) * 60_000).slice(0, 19) }));
    const api = await startWooRest({ key: 'ck_test', secret: 'cs_test', orders, rateLimitFirst: true });
    const { engine, webhooks, runs } = await engineWith({ woocommerce: { secret: SECRETS.woocommerce, api: { url: `${api.baseUrl}`, consumerKey: 'ck_test', consumerSecret: 'cs_test' } } }, ['woocommerce-order-email']);
    const seen = JSON.stringify(orders[0]);
    expect((await fetch(webhooks.woocommerce, { method: 'POST', headers: wooHeaders(seen), body: seen })).status).toBe(200);
    const [report] = (await engine.api['catchup.run']({ since: iso(3_600_000) })).filter((r) => r.source === 'woocommerce');
    expect(report).toMatchObject({ fresh: 2, runs: 2 });
    expect(runs()).toHaveLength(3);
    expect(api.requests.filter((r) => r.startsWith('GET /wp-json/wc/v3/orders?after=')).length).toBe(2); // the 429, then the page
  });

  it('Stripe: reads its events API (the same events its webhooks carry) and runs only unseen ones', async () => {
    const now = Math.floor(Date.now() / 1000);
    const events = ['evt_a', 'evt_b', 'evt_c'].map((id, i) => ({ ...stripeCheckout(id), created: now - 600 + i }));
    const api = await startStripeRest({ key: 'rk_test_1', events });
    const { engine, webhooks, runs } = await engineWith({ stripe: { secret: SECRETS.stripe, api: { secretKey: 'rk_test_1', apiBaseUrl: api.baseUrl } } }, ['stripe-payment-email']);
    const seen = JSON.stringify(events[1]);
    expect((await fetch(webhooks.stripe, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(seen) }, body: seen })).status).toBe(200);
    const [report] = (await engine.api['catchup.run']({ since: iso(3_600_000) })).filter((r) => r.source === 'stripe');
    expect(report).toMatchObject({ fetched: 3, fresh: 2, runs: 2 });
    expect(runs()).toHaveLength(3);
    expect(api.requests[0]).toContain('types%5B%5D=checkout.session.completed');
  });

  it('ClinchPad: the first look records existing leads without running anything; a lead added later runs once', async () => {
    const leads: Record<string, { _id: string; name: string }[]> = { p1: [{ _id: 'L1', name: 'Old deal' }, { _id: 'L2', name: 'Older deal' }], p2: [] };
    const api = await startClinchPadRest({ apiKey: 'cp_key', pipelines: [{ _id: 'p1', name: 'Sales' }, { _id: 'p2', name: 'Partners' }], leads, rateLimitFirst: true });
    const { engine, runs } = await engineWith({ clinchpad: { api: { apiKey: 'cp_key', apiBaseUrl: api.baseUrl } } }, ['clinchpad-lead-email']);
    const [first] = (await engine.api['catchup.run']({ since: iso(3_600_000) })).filter((r) => r.source === 'clinchpad');
    expect(first).toMatchObject({ fetched: 2, fresh: 2, runs: 0, baseline: true });
    leads.p2!.push({ _id: 'L3', name: 'New partner deal' });
    const [second] = (await engine.api['catchup.run']({ since: iso(3_600_000) })).filter((r) => r.source === 'clinchpad');
    expect(second).toMatchObject({ fetched: 3, fresh: 1, runs: 1 });
    expect(runs().map((r) => r.summary)).toEqual(['New lead New partner deal']);
  });

  it('says plainly when credentials are refused, and skips platforms without any', async () => {
    const api = await startStripeRest({ key: 'rk_right', events: [] });
    const { engine } = await engineWith({ stripe: { secret: SECRETS.stripe, api: { secretKey: 'rk_wrong', apiBaseUrl: api.baseUrl } } }, []);
    const reports = await engine.api['catchup.run']({ since: iso(3_600_000) });
    expect(reports.find((r) => r.source === 'stripe')?.error).toContain('Stripe refused the API credentials (401)');
    expect(reports.find((r) => r.source === 'shopify')?.skipped).toBe('no API credentials');
  });

  it('a dry run reports what it would run and stores nothing', async () => {
    const api = await startShopifyAdmin({ token: 't', orders: [{ id: 9, name: '#9', email: 'x@example.com', createdAt: iso(60_000), total: '1.00' }] });
    const { engine, runs } = await engineWith({ shopify: { secret: SHOPIFY_SECRET, api: { shop: 's.myshopify.com', accessToken: 't', apiBaseUrl: api.baseUrl } } }, ['shopify-order-email']);
    const [report] = (await engine.api['catchup.run']({ since: iso(3_600_000), dryRun: true })).filter((r) => r.source === 'shopify');
    expect(report).toMatchObject({ fresh: 1, runs: 0, summaries: ['Order #9 from Jane Doe, 1.00 EUR'] });
    expect(runs()).toHaveLength(0);
  });
});

describe('after the tunnel reconnects', () => {
  it('closes the offline period, catches up what was missed and points the webhook at the new address', async () => {
    const api = await startShopifyAdmin({ token: 'shpat_r', orders: [{ id: 77, name: '#1077', email: 'r@example.com', createdAt: iso(5 * 60_000), total: '7.00' }] });
    const started = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET, api: { shop: 'demo.myshopify.com', accessToken: 'shpat_r', apiBaseUrl: api.baseUrl } } }, paused: true, recipes: [email('shopify-order-email')] }, { autoCatchUp: true });
    const { engine } = started;
    // The tunnel's status changes, as the supervisor emits them.
    const since = new Date(Date.now() - 20 * 60_000).toISOString();
    engine.events.emit('tunnel', { state: 'reconnecting', since, reason: 'the tunnel server stopped answering', nextTryAt: new Date().toISOString(), attempt: 1 });
    const publicUrl = 'https://k3x9q2.relay.example.com/h/shopify/tok';
    engine.events.emit('tunnel', { state: 'online', since: new Date().toISOString(), url: 'https://k3x9q2.relay.example.com', publicWebhooks: { shopify: publicUrl }, urlChanged: false });
    await waitUntil(() => api.subscriptions.length === 1 && engine.state.runs.list().length === 1, 'guard and catch-up done');
    expect(api.subscriptions[0]).toMatchObject({ topic: 'ORDERS_CREATE', uri: publicUrl });
    expect(engine.state.runs.list()[0]!.summary).toBe('Order #1077 from Jane Doe, 7.00 EUR');
    const period = engine.state.catchUp.periods.list(1)[0]!;
    expect(period).toMatchObject({ reason: 'the public address was down' });
    expect(period.endedAt).toBeDefined();
  });
});

describe('offline periods', () => {
  it('records the time Hooktray was not running from its heartbeat, and summarises it', async () => {
    const first = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } } }, { autoCatchUp: false });
    expect(await first.engine.api['offline.summary']({})).toBeNull();
    await first.engine.stop();
    // As if the laptop slept for five hours after that stop.
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(`${first.dataDir}/hooktray.db`);
    db.prepare(`UPDATE meta SET value = ? WHERE key = 'alive-at'`).run(String(Date.now() - 5 * 3_600_000));
    db.close();
    const second = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } } }, { dataDir: first.dataDir, autoCatchUp: false });
    const summary = await second.engine.api['offline.summary']({});
    expect(summary?.headline).toMatch(/^You were offline from .+ to .+\.$/);
    expect(summary?.lines).toEqual([{ source: 'shopify', text: 'Shopify retries for 4 hours: connect its Admin API token to recover missed orders.', recovered: false }]);
  });
});

describe('offline summary', () => {
  const settings = settingsSchema.parse({ sources: { shopify: { secret: 's', api: { shop: 'x', accessToken: 'y' } }, clinchpad: { handshakeKey: 'k' } } });
  const inUse = new Set(['shopify', 'clinchpad'] as const);
  const at = (h: number, m: number) => new Date(2026, 10, 20, h, m).getTime();

  it('inside Shopify\'s 4-hour retry window: Shopify resends by itself; ClinchPad does not retry', () => {
    const summary = offlineSummary({ id: 1, startedAt: at(14, 2), endedAt: at(16, 40), reason: 'Hooktray was not running' }, settings, inUse, []);
    expect(summary.headline).toBe(`You were offline from ${new Date(at(14, 2)).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} to ${new Date(at(16, 40)).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.`);
    expect(summary.lines).toEqual([
      { source: 'shopify', text: 'Shopify retries for 4 hours: what it sent meanwhile arrives by itself.', recovered: true },
      { source: 'clinchpad', text: 'ClinchPad does not retry: connect its API key to recover missed leads.', recovered: false },
    ]);
  });

  it('longer than Shopify\'s window: says what catch-up recovered', () => {
    const summary = offlineSummary({ id: 1, startedAt: at(14, 2), endedAt: at(19, 40), reason: 'x' }, settings, inUse, [{ source: 'shopify', fetched: 5, fresh: 3, runs: 3, summaries: [] }]);
    expect(summary.lines[0]).toEqual({ source: 'shopify', text: 'Shopify retries for 4 hours: 3 orders were caught up.', recovered: true });
  });

  it('longer than the window and nothing caught up, without credentials: tells the owner what to connect', () => {
    const noApi = settingsSchema.parse({ sources: { shopify: { secret: 's' } } });
    const summary = offlineSummary({ id: 1, startedAt: at(8, 0), endedAt: at(19, 0), reason: 'x' }, noApi, new Set(['shopify'] as const), []);
    expect(summary.lines).toEqual([{ source: 'shopify', text: 'Shopify retries for 4 hours: connect its Admin API token to recover missed orders.', recovered: false }]);
  });
});
