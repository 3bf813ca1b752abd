import Fastify from 'fastify';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { SettingsInput } from '../../shared/config.ts';
import { CLINCHPAD_MAX_PAGES } from '../../electron/engine/catchup/clinchpad-api.ts';
import { ORDERS_QUERY, PAID_ORDERS_QUERY, CUSTOMERS_QUERY } from '../../electron/engine/catchup/shopify-api.ts';
import { startEngine } from '../helpers/engine.ts';
import { startClinchPadRest } from '../helpers/platform-apis/clinchpad-rest.ts';
import { listen } from '../helpers/platform-apis/serve.ts';
import { requestedQueryCost } from '../helpers/platform-apis/graphql-cost.ts';
import { startShopifyAdmin } from '../helpers/platform-apis/shopify-admin.ts';
import { startStripeRest } from '../helpers/platform-apis/stripe-rest.ts';
import { startWooRest } from '../helpers/platform-apis/woocommerce-rest.ts';
import { SECRETS, stripeCheckout, stripeSignature, wooHeaders, wooOrder } from '../helpers/platforms.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';

const email = (recipe: string) => ({ recipe, settings: { to: ['team@example.com'] } });
const forward = { recipe: 'any-event-http-forward', settings: { url: 'https://example.com/hooks' } };
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const wooTime = (msAgo: number) => iso(msAgo).slice(0, 19);
const MIN = 60_000;
const HOUR = 3_600_000;

/** A platform's "caught up through" mark, undefined before its first successful catch-up. */
function mark(engine: Awaited<ReturnType<typeof startEngine>>['engine'], source: string): number | undefined {
  return (engine.state.db.prepare('SELECT caught_up_through AS at FROM catch_up_marks WHERE source = ?').get(source) as { at: number } | undefined)?.at;
}

async function engineWith(sources: SettingsInput['sources'], recipes: SettingsInput['recipes']) {
  const started = await startEngine({ sources, paused: true, recipes }, { autoCatchUp: false });
  const runs = () => started.engine.state.runs.list({ limit: 500 });
  const origins = () =>
    started.engine.state.db.prepare(`SELECT d.origin, e.key FROM events e JOIN deliveries d ON d.id = e.delivery_id ORDER BY e.id`).all() as {
      origin: string;
      key: string;
    }[];
  return { ...started, runs, origins };
}

describe('Shopify catch-up', () => {
  it('runs exactly the orders created while offline, once, paging within the query cost limit and waiting out THROTTLED', async () => {
    const orders = Array.from({ length: 30 }, (_, i) => ({
      id: 5500000001 + i,
      name: `#${1001 + i}`,
      email: `b${i}@example.com`,
      createdAt: iso((60 - i) * MIN),
      total: `${10 + i}.00`,
    }));
    const api = await startShopifyAdmin({ token: 'shpat_test', orders, throttleOnce: true, bucket: { restoreRate: 2000 } });
    const { engine, webhooks, runs, origins } = await engineWith(
      { shopify: { secret: SHOPIFY_SECRET, api: { shop: 'demo-shop.myshopify.com', accessToken: 'shpat_test', apiBaseUrl: api.baseUrl } } },
      [email('shopify-order-email')],
    );
    // Order 1001 came in by webhook before we went offline.
    const first = JSON.stringify(shopifyOrder(1));
    expect((await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(first), body: first })).status).toBe(200);

    const [report] = (await engine.api['catchup.run']({ since: iso(2 * HOUR) })).filter((r) => r.source === 'shopify');
    expect(report).toMatchObject({ fetched: 30, fresh: 29, runs: 29 });
    expect(runs()).toHaveLength(30);
    expect(origins().filter((o) => o.origin === 'catch-up')).toHaveLength(29);
    // One THROTTLED answer waited out, then a page of 25 and one of 5; every query within 1,000 points.
    expect(api.requests.filter((r) => r.startsWith('POST /admin/api/2026-10/graphql.json'))).toHaveLength(3);
    expect(Math.max(...api.costs)).toBeLessThanOrEqual(1000);

    // Shopify's own retry of order 1003's webhook arrives after it was caught up: nothing runs again.
    const late = JSON.stringify(shopifyOrder(3, { id: 5500000003, name: '#1003' }));
    const res = await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(late), body: late });
    expect(await res.json()).toMatchObject({ duplicate: false, runs: 0 });
    expect((await engine.api['catchup.run']({})).find((r) => r.source === 'shopify')).toMatchObject({ fresh: 0, runs: 0 });
    expect(runs()).toHaveLength(30);
  });

  it('asks for what Shopify accepts: each query costs at most 1,000 points, and the server refuses one that does not', async () => {
    for (const query of [ORDERS_QUERY, PAID_ORDERS_QUERY, CUSTOMERS_QUERY]) expect(requestedQueryCost(query)).toBeLessThanOrEqual(1000);
    const api = await startShopifyAdmin({ token: 't' });
    // The query catch-up used before: orders(first: 100) with lineItems(first: 50).
    const tooBig = ORDERS_QUERY.replace('first: 25', 'first: 100').replace('lineItems(first: 10)', 'lineItems(first: 50)');
    const res = await fetch(`${api.baseUrl}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'x-shopify-access-token': 't', 'content-type': 'application/json' },
      body: JSON.stringify({ query: tooBig, variables: { query: "created_at:>='2026-01-01T00:00:00Z'" } }),
    });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('MAX_COST_EXCEEDED');
    expect(body.errors[0]!.message).toMatch(/^Query cost is 15802, which exceeds the single query max cost limit \(1000\)/);
  });

  it("catches up paid orders (paid since, not merely edited) and new customers, with their webhooks' identities", async () => {
    const api = await startShopifyAdmin({
      token: 'shpat_p',
      orders: [
        { id: 61, name: '#1061', email: 'p@example.com', createdAt: iso(5 * 24 * HOUR), updatedAt: iso(30 * MIN), paidAt: iso(30 * MIN), total: '61.00' },
        { id: 62, name: '#1062', email: 'q@example.com', createdAt: iso(5 * 24 * HOUR), updatedAt: iso(20 * MIN), paidAt: iso(5 * 24 * HOUR), total: '62.00' },
      ],
      customers: [
        { id: 81, email: 'new@example.com', firstName: 'Nina', lastName: 'New', createdAt: iso(15 * MIN) },
        { id: 82, email: 'old@example.com', firstName: 'Olaf', lastName: 'Old', createdAt: iso(3 * 24 * HOUR) },
      ],
    });
    const { engine, origins, runs } = await engineWith(
      { shopify: { secret: SHOPIFY_SECRET, api: { shop: 'demo.myshopify.com', accessToken: 'shpat_p', apiBaseUrl: api.baseUrl } } },
      [{ recipe: 'shopify-customer-hubspot', settings: { token: 'pat-eu1-0123456789' } }, forward],
    );
    const [report] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'shopify');
    expect(report).toMatchObject({ fresh: 2 });
    expect(
      origins()
        .map((o) => o.key)
        .sort(),
    ).toEqual(['customer:81:customer.created', 'order:61:order.paid']);
    expect(
      runs()
        .map((r) => r.recipeId)
        .sort(),
    ).toEqual(['any-event-http-forward', 'any-event-http-forward', 'shopify-customer-hubspot']);
  });

  it('fetches only what the recipes use: no customers query without a customer recipe', async () => {
    const api = await startShopifyAdmin({ token: 'shpat_o' });
    const { engine } = await engineWith(
      { shopify: { secret: SHOPIFY_SECRET, api: { shop: 'demo.myshopify.com', accessToken: 'shpat_o', apiBaseUrl: api.baseUrl } } },
      [email('shopify-order-email')],
    );
    await engine.api['catchup.run']({ since: iso(HOUR) });
    expect(api.requests).toHaveLength(1);
  });

  it("uses a Dev Dashboard app's client ID and secret: one token while it lasts, a new one before it expires", async () => {
    // Shopify and Hooktray both read this clock, which moves only when the test moves it.
    vi.useFakeTimers({ toFake: ['Date'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const api = await startShopifyAdmin({
      client: { id: 'cid_1', secret: 'csec_1', expiresIn: 2 },
      orders: [{ id: 91, name: '#1091', email: 'c@example.com', createdAt: iso(5 * MIN), total: '9.00' }],
    });
    const { engine } = await engineWith(
      { shopify: { secret: SHOPIFY_SECRET, api: { shop: 'cc.myshopify.com', clientId: 'cid_1', clientSecret: 'csec_1', apiBaseUrl: api.baseUrl } } },
      [email('shopify-order-email')],
    );
    expect((await engine.api['catchup.run']({ since: iso(HOUR) })).find((r) => r.source === 'shopify')).toMatchObject({ fresh: 1 });
    await engine.api['catchup.run']({ since: iso(HOUR) });
    expect(api.tokensIssued()).toBe(1);
    // 1.9 s on Shopify still takes the 2 s token, but Hooktray asks for a new one a little before it runs out.
    vi.setSystemTime(Date.now() + 1900);
    expect((await engine.api['catchup.run']({ since: iso(HOUR) })).find((r) => r.source === 'shopify')).toMatchObject({ fresh: 0 });
    expect(api.tokensIssued()).toBe(2);
    expect(api.requests.filter((r) => r === 'POST /admin/oauth/access_token')).toHaveLength(2);
  });

  it('fetches a new token once when Shopify refuses a cached one (401) before it expires, and goes on', async () => {
    const api = await startShopifyAdmin({
      client: { id: 'cid_3', secret: 'csec_3' },
      orders: [{ id: 93, name: '#1093', email: 'r@example.com', createdAt: iso(5 * MIN), total: '9.00' }],
    });
    const { engine } = await engineWith(
      { shopify: { secret: SHOPIFY_SECRET, api: { shop: 'cc3.myshopify.com', clientId: 'cid_3', clientSecret: 'csec_3', apiBaseUrl: api.baseUrl } } },
      [email('shopify-order-email')],
    );
    expect((await engine.api['catchup.run']({ since: iso(HOUR) })).find((r) => r.source === 'shopify')).toMatchObject({ fresh: 1 });
    api.revokeTokens();
    const report = (await engine.api['catchup.run']({ since: iso(HOUR) })).find((r) => r.source === 'shopify');
    expect(report).toMatchObject({ fetched: 1, fresh: 0 });
    expect(report!.error).toBeUndefined();
    expect(api.tokensIssued()).toBe(2);
  });

  it("says a web page is not the Admin API (the shop's own domain instead of its myshopify.com one)", async () => {
    const app = Fastify();
    app.all('/*', async (_req, reply) => reply.header('content-type', 'text/html').send('<html><body>Our storefront</body></html>'));
    const base = await listen(app);
    const { engine } = await engineWith(
      { shopify: { secret: SHOPIFY_SECRET, api: { shop: 'berg-bakery.example', accessToken: 'shpat_x', apiBaseUrl: base } } },
      [email('shopify-order-email')],
    );
    const [report] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'shopify');
    expect(report!.error).toMatch(
      /^Shopify answered 200 with text\/html .*Check the shop address in Hooktray → Settings → Shopify: it must be the your-shop\.myshopify\.com address/,
    );
    expect(report!.transient).toBeUndefined();
  });

  it("says plainly when the app's client credentials are refused", async () => {
    const api = await startShopifyAdmin({ client: { id: 'cid_2', secret: 'right' } });
    const { engine } = await engineWith(
      { shopify: { secret: SHOPIFY_SECRET, api: { shop: 'cc2.myshopify.com', clientId: 'cid_2', clientSecret: 'wrong', apiBaseUrl: api.baseUrl } } },
      [email('shopify-order-email')],
    );
    const [report] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'shopify');
    expect(report!.error).toMatch(/^Shopify refused the API credentials \(401\)\. Check the client ID and secret of your app/);
    expect(report!.transient).toBeUndefined();
  });
});

describe('WooCommerce catch-up', () => {
  it('pages through more orders than one page holds, with Basic auth, and waits out a 429', async () => {
    const orders = Array.from({ length: 120 }, (_, i) =>
      wooOrder(1000 + i, { date_created_gmt: wooTime((50 - i / 10) * MIN), date_modified_gmt: wooTime((50 - i / 10) * MIN) }),
    );
    const api = await startWooRest({ key: 'ck_test', secret: 'cs_test', orders, rateLimitFirst: true });
    const { engine, webhooks, runs } = await engineWith(
      {
        woocommerce: {
          secret: SECRETS.woocommerce,
          api: { url: 'https://berg-bakery.example', apiBaseUrl: api.baseUrl, consumerKey: 'ck_test', consumerSecret: 'cs_test' },
        },
      },
      [email('woocommerce-order-email')],
    );
    const seen = JSON.stringify(orders[0]);
    expect((await fetch(webhooks.woocommerce, { method: 'POST', headers: wooHeaders(seen), body: seen })).status).toBe(200);
    const [report] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'woocommerce');
    expect(report).toMatchObject({ fetched: 120, fresh: 119, runs: 119 });
    expect(runs()).toHaveLength(120);
    expect(api.requests.filter((r) => r.startsWith('GET /wp-json/wc/v3/orders?')).map((r) => /[?&]page=(\d+)/.exec(r)?.[1])).toEqual(['1', '1', '2']); // the 429, then two pages
  });

  it('catches up orders paid since (not ones merely changed) and customers registered since, newest first until an older one', async () => {
    const paid = wooOrder(501, {
      status: 'processing',
      date_created_gmt: wooTime(3 * 24 * HOUR),
      date_modified_gmt: wooTime(20 * MIN),
      date_paid_gmt: wooTime(20 * MIN),
    });
    const shipped = wooOrder(502, {
      status: 'completed',
      date_created_gmt: wooTime(3 * 24 * HOUR),
      date_modified_gmt: wooTime(10 * MIN),
      date_paid_gmt: wooTime(3 * 24 * HOUR),
    });
    const customer = (id: number, msAgo: number) => ({
      id,
      email: `c${id}@example.com`,
      first_name: 'Cora',
      last_name: `C${id}`,
      date_created_gmt: wooTime(msAgo),
      billing: {},
    });
    const customers = [
      customer(1, 9 * 24 * HOUR),
      ...Array.from({ length: 150 }, (_, i) => customer(100 + i, 2 * 24 * HOUR)),
      customer(300, 30 * MIN),
      customer(301, 5 * MIN),
    ];
    const api = await startWooRest({ key: 'ck', secret: 'cs', orders: [paid, shipped], customers });
    const { engine, origins } = await engineWith(
      {
        woocommerce: {
          secret: SECRETS.woocommerce,
          api: { url: 'https://berg-bakery.example/', apiBaseUrl: api.baseUrl, consumerKey: 'ck', consumerSecret: 'cs' },
        },
      },
      [forward],
    );
    const [report] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'woocommerce');
    expect(report).toMatchObject({ fresh: 3 });
    expect(
      origins()
        .map((o) => o.key)
        .sort(),
    ).toEqual(['customer:300:customer.created', 'customer:301:customer.created', 'order:501:order.paid']);
    // The first page of 100 customers already reaches older ones: no second page.
    expect(api.requests.filter((r) => r.startsWith('GET /wp-json/wc/v3/customers?'))).toHaveLength(1);
  });

  it('fails, runs nothing and keeps the mark when more orders remain than its page cap, saying how to catch up in steps', async () => {
    const orders = Array.from({ length: 10_001 }, (_, i) => wooOrder(1 + i, { date_created_gmt: wooTime(30 * MIN), date_modified_gmt: wooTime(30 * MIN) }));
    const api = await startWooRest({ key: 'ck', secret: 'cs', orders });
    const { engine, runs } = await engineWith(
      {
        woocommerce: {
          secret: SECRETS.woocommerce,
          api: { url: 'https://berg-bakery.example', apiBaseUrl: api.baseUrl, consumerKey: 'ck', consumerSecret: 'cs' },
        },
      },
      [email('woocommerce-order-email')],
    );
    const [report] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'woocommerce');
    expect(report!.error).toMatch(
      /^WooCommerce has more orders created since \S+ than one catch-up reads: Hooktray read 100 pages \(10000 orders\) and more remain, so it ran none of them and the catch-up mark stays where it was\. .*"hooktray catch-up --since <a later ISO time>"/,
    );
    expect(report!.transient).toBeUndefined();
    expect(runs()).toHaveLength(0);
    expect(mark(engine, 'woocommerce')).toBeUndefined();
    expect(api.requests.filter((r) => r.startsWith('GET /wp-json/wc/v3/orders?'))).toHaveLength(100);
  });

  it("says a web page is not the shop's API (a wrong shop address), and does not retry it as a passing fault", async () => {
    const app = Fastify();
    app.get('/*', async (_req, reply) => reply.header('content-type', 'text/html; charset=UTF-8').send('<!DOCTYPE html><html><body>Berg Bakery</body></html>'));
    const base = await listen(app);
    const { engine } = await engineWith(
      { woocommerce: { secret: SECRETS.woocommerce, api: { url: 'https://berg-bakery.example', apiBaseUrl: base, consumerKey: 'ck', consumerSecret: 'cs' } } },
      [email('woocommerce-order-email')],
    );
    const [report] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'woocommerce');
    expect(report!.error).toMatch(
      /^WooCommerce answered 200 with text\/html \("<!DOCTYPE html>.*instead of its API's JSON.*Check the shop address in Hooktray → Settings → WooCommerce/,
    );
    expect(report!.transient).toBeUndefined();
    expect(mark(engine, 'woocommerce')).toBeUndefined();
  });

  it('refuses an http:// shop address: WooCommerce wants OAuth 1.0a signatures there', async () => {
    const { engine } = await engineWith(
      { woocommerce: { secret: SECRETS.woocommerce, api: { url: 'http://shop.example', consumerKey: 'ck', consumerSecret: 'cs' } } },
      [email('woocommerce-order-email')],
    );
    const [report] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'woocommerce');
    expect(report!.error).toMatch(/over plain http only with OAuth 1\.0a signatures.*use your shop's https:\/\/ address/);
  });
});

describe('Stripe catch-up', () => {
  it('reads its events API page by page (has_more) and runs only unseen ones', async () => {
    const now = Math.floor(Date.now() / 1000);
    const events = Array.from({ length: 130 }, (_, i) => ({
      ...stripeCheckout(`evt_${String(i).padStart(3, '0')}`),
      type: 'payment_intent.succeeded',
      created: now - 600 + i,
      data: { object: { id: `pi_${i}`, object: 'payment_intent', amount_received: 100 + i, currency: 'eur' } },
    }));
    const api = await startStripeRest({ key: 'rk_test_1', events });
    const { engine, webhooks, runs } = await engineWith({ stripe: { secret: SECRETS.stripe, api: { secretKey: 'rk_test_1', apiBaseUrl: api.baseUrl } } }, [
      email('stripe-payment-email'),
    ]);
    const seen = JSON.stringify(events[1]);
    expect(
      (await fetch(webhooks.stripe, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(seen) }, body: seen }))
        .status,
    ).toBe(200);
    const [report] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'stripe');
    expect(report).toMatchObject({ fetched: 130, fresh: 129, runs: 129 });
    expect(runs()).toHaveLength(130);
    expect(api.requests).toHaveLength(2);
    expect(api.requests[0]).toContain('types%5B%5D=payment_intent.succeeded');
    expect(api.requests[1]).toContain('starting_after=');
  });

  it('says plainly when credentials are refused, and skips platforms without any or without a recipe', async () => {
    const api = await startStripeRest({ key: 'rk_right', events: [] });
    const { engine } = await engineWith(
      {
        stripe: { secret: SECRETS.stripe, api: { secretKey: 'rk_wrong', apiBaseUrl: api.baseUrl } },
        woocommerce: { secret: 'x', api: { url: 'https://x.example', consumerKey: 'k', consumerSecret: 's' } },
      },
      [email('stripe-payment-email')],
    );
    const reports = await engine.api['catchup.run']({ since: iso(HOUR) });
    expect(reports.find((r) => r.source === 'stripe')?.error).toContain('Stripe refused the API credentials (401)');
    expect(reports.find((r) => r.source === 'shopify')?.skipped).toBe('no API credentials');
    expect(reports.find((r) => r.source === 'woocommerce')?.skipped).toBe('no recipe is on for it');
  });
});

describe('ClinchPad catch-up', () => {
  it('the first look records existing leads without running anything; a lead added later runs once', async () => {
    const leads: Record<string, { _id: string; name: string }[]> = {
      p1: [
        { _id: 'L1', name: 'Old deal' },
        { _id: 'L2', name: 'Older deal' },
      ],
      p2: [],
    };
    const api = await startClinchPadRest({
      apiKey: 'cp_key',
      pipelines: [
        { _id: 'p1', name: 'Sales' },
        { _id: 'p2', name: 'Partners' },
      ],
      leads,
      rateLimitFirst: true,
    });
    const { engine, runs } = await engineWith({ clinchpad: { api: { apiKey: 'cp_key', apiBaseUrl: api.baseUrl } } }, [email('clinchpad-lead-email')]);
    const [first] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'clinchpad');
    expect(first).toMatchObject({ fetched: 2, fresh: 2, runs: 0, baseline: true });
    leads.p2!.push({ _id: 'L3', name: 'New partner deal' });
    const [second] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'clinchpad');
    expect(second).toMatchObject({ fetched: 3, fresh: 1, runs: 1 });
    expect(runs().map((r) => r.summary)).toEqual(['New lead New partner deal']);
  });

  it('keeps paging until an empty page, even when the server gives fewer leads per page than asked', async () => {
    const leads = { p1: Array.from({ length: 47 }, (_, i) => ({ _id: `L${i}`, name: `Deal ${i}` })) };
    const api = await startClinchPadRest({ apiKey: 'cp_key', pipelines: [{ _id: 'p1', name: 'Sales' }], leads, maxPageSize: 10 });
    const { engine } = await engineWith({ clinchpad: { api: { apiKey: 'cp_key', apiBaseUrl: api.baseUrl } } }, [email('clinchpad-lead-email')]);
    const [report] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'clinchpad');
    expect(report).toMatchObject({ fetched: 47, baseline: true });
    expect(api.requests.filter((r) => r.startsWith('GET /api/v1/leads'))).toHaveLength(6); // 5 pages with leads, then the empty one
  });

  it('fails and keeps the mark when a pipeline has more leads than its page cap: ClinchPad cannot list only new ones', async () => {
    const leads = { p1: Array.from({ length: CLINCHPAD_MAX_PAGES + 1 }, (_, i) => ({ _id: `L${i}`, name: `Deal ${i}` })) };
    const api = await startClinchPadRest({ apiKey: 'cp_key', pipelines: [{ _id: 'p1', name: 'Sales' }], leads, maxPageSize: 1 });
    const { engine } = await engineWith({ clinchpad: { api: { apiKey: 'cp_key', apiBaseUrl: api.baseUrl } } }, [email('clinchpad-lead-email')]);
    const [report] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'clinchpad');
    expect(report!.error).toMatch(
      /^ClinchPad's pipeline "Sales" has more leads than one catch-up reads: Hooktray read 200 pages \(200 leads\) and more remain.*Hooktray → Settings → ClinchPad/,
    );
    expect(report!.transient).toBeUndefined();
    expect(report!.baseline).toBeUndefined();
    expect(mark(engine, 'clinchpad')).toBeUndefined();
  });

  it('reads a pipeline of exactly its page cap to the end', async () => {
    const leads = { p1: Array.from({ length: CLINCHPAD_MAX_PAGES }, (_, i) => ({ _id: `L${i}`, name: `Deal ${i}` })) };
    const api = await startClinchPadRest({ apiKey: 'cp_key', pipelines: [{ _id: 'p1', name: 'Sales' }], leads, maxPageSize: 1 });
    const { engine } = await engineWith({ clinchpad: { api: { apiKey: 'cp_key', apiBaseUrl: api.baseUrl } } }, [email('clinchpad-lead-email')]);
    const [report] = (await engine.api['catchup.run']({ since: iso(HOUR) })).filter((r) => r.source === 'clinchpad');
    expect(report).toMatchObject({ fetched: CLINCHPAD_MAX_PAGES, baseline: true });
    expect(report!.error).toBeUndefined();
  });
});

describe('dry run', () => {
  it('reports what it would run, recipe by recipe, and stores nothing', async () => {
    const api = await startShopifyAdmin({ token: 't', orders: [{ id: 9, name: '#9', email: 'x@example.com', createdAt: iso(MIN), total: '1.00' }] });
    const { engine, runs } = await engineWith(
      { shopify: { secret: SHOPIFY_SECRET, api: { shop: 's.myshopify.com', accessToken: 't', apiBaseUrl: api.baseUrl } } },
      [email('shopify-order-email'), { recipe: 'shopify-order-slack', settings: { webhookUrl: 'https://hooks.slack.com/services/T/B/x' } }],
    );
    const [report] = (await engine.api['catchup.run']({ since: iso(HOUR), dryRun: true })).filter((r) => r.source === 'shopify');
    expect(report).toMatchObject({
      fresh: 1,
      runs: 0,
      plan: [{ summary: 'Order #9 from Jane Doe, 1.00 EUR', recipes: ['shopify-order-email', 'shopify-order-slack'] }],
    });
    expect(runs()).toHaveLength(0);
    expect(engine.state.db.prepare('SELECT COUNT(*) AS n FROM catch_up_marks').get()).toEqual({ n: 0 });
  });
});
