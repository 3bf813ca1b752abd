import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { offlineSummary } from '../../electron/engine/catchup/offline-summary.ts';
import type { SettingsInput } from '../../shared/config.ts';
import { settingsSchema } from '../../shared/config.ts';
import { deliver } from '../helpers/deliver.ts';
import { startEngine } from '../helpers/engine.ts';
import { startShopifyAdmin, type ShopifyOrderRecord } from '../helpers/platform-apis/shopify-admin.ts';
import { SHOPIFY_SECRET, shopifyOrder } from '../helpers/shopify.ts';
import { waitUntil } from '../helpers/wait.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const email = (recipe: string) => ({ recipe, settings: { to: ['team@example.com'] } });
const order = (id: number, createdAt: number): ShopifyOrderRecord => ({
  id,
  name: `#${id}`,
  email: `o${id}@example.com`,
  createdAt: new Date(createdAt).toISOString(),
  total: `${id}.00`,
});
const shopifySettings = (baseUrl: string, extra: Partial<SettingsInput> = {}): SettingsInput => ({
  sources: { shopify: { secret: SHOPIFY_SECRET, api: { shop: 'demo.myshopify.com', accessToken: 'shpat_o', apiBaseUrl: baseUrl } } },
  paused: true,
  recipes: [email('shopify-order-email')],
  ...extra,
});

type Started = Awaited<ReturnType<typeof startEngine>>;
const shopifyReport = async (started: Started) => (await started.engine.api['catchup.run']({})).find((r) => r.source === 'shopify')!;
const realRuns = (started: Started) =>
  started.engine.state.db.prepare('SELECT r.id, e.summary FROM runs r JOIN events e ON e.id = r.event_id WHERE r.test = 0 ORDER BY r.id').all() as {
    summary: string;
  }[];
const shopifyLine = async (started: Started) => (await started.engine.api['offline.summary']({}))?.lines.find((l) => l.source === 'shopify');

describe('where an automatic catch-up starts', () => {
  it('from the platform\'s "caught up through" mark or the offline period, whichever is earlier: orders before it are not fetched, orders in the gap run once', async () => {
    const T = Date.now();
    let clock = T - 3 * HOUR;
    const api = await startShopifyAdmin({ token: 'shpat_o' });
    const started = await startEngine(shopifySettings(api.baseUrl), { autoCatchUp: false, now: () => clock });
    await deliver(started.webhooks.shopify, shopifyOrder(1));
    // Three hours ago: a catch-up that found nothing; the mark is now T-3h.
    expect(await shopifyReport(started)).toMatchObject({ since: new Date(T - 3 * HOUR - 10 * MIN).toISOString(), fresh: 0 });

    // Then Hooktray was not running from T-2h to T-5min; meanwhile two orders came; one is from long before.
    started.engine.state.catchUp.periods.record(T - 2 * HOUR, T - 5 * MIN, 'Hooktray was not running');
    api.orders.push(order(40, T - 4 * HOUR), order(41, T - 90 * MIN), order(42, T - 30 * MIN));
    clock = T;
    // The owner tries a recipe: a test event, newer than everything, must not move the start.
    await started.engine.api['recipes.sendTest']({ id: 'shopify-order-email' });

    expect(await shopifyReport(started)).toMatchObject({ since: new Date(T - 3 * HOUR - 10 * MIN).toISOString(), fetched: 2, fresh: 2, runs: 2 });
    expect(realRuns(started).map((r) => r.summary)).toEqual([
      'Order #1001 from Jane Doe 1, 49.90 EUR',
      'Order #41 from Jane Doe, 41.00 EUR',
      'Order #42 from Jane Doe, 42.00 EUR',
    ]);
    // Caught up through T now, nothing uncovered: the next one starts at T-10min and finds nothing new.
    expect(await shopifyReport(started)).toMatchObject({ since: new Date(T - 10 * MIN).toISOString(), fresh: 0 });
    expect(realRuns(started)).toHaveLength(3);
  });

  it('before any catch-up, from the last real webhook: a "Send test event" in between does not hide an order', async () => {
    const T = Date.now();
    let clock = T - 2 * HOUR;
    const api = await startShopifyAdmin({ token: 'shpat_o' });
    const started = await startEngine(shopifySettings(api.baseUrl), { autoCatchUp: false, now: () => clock });
    await deliver(started.webhooks.shopify, shopifyOrder(1));
    clock = T;
    api.orders.push(order(50, T - HOUR));
    await started.engine.api['recipes.sendTest']({ id: 'shopify-order-email' });
    expect(await shopifyReport(started)).toMatchObject({ since: new Date(T - 2 * HOUR - 10 * MIN).toISOString(), fresh: 1, runs: 1 });
    expect(realRuns(started).map((r) => r.summary)).toContain('Order #50 from Jane Doe, 50.00 EUR');
  });
});

describe('after time offline', () => {
  it('Hooktray not running for five hours (heartbeat gap): the next start catches up the orders created meanwhile, once, and says so', async () => {
    const T = Date.now();
    const api = await startShopifyAdmin({ token: 'shpat_o', orders: [order(60, T - 6 * HOUR), order(61, T - 3 * HOUR), order(62, T - HOUR)] });
    const first = await startEngine(shopifySettings(api.baseUrl), { autoCatchUp: false, now: () => T - 5 * HOUR });
    await deliver(first.webhooks.shopify, shopifyOrder(1));
    await first.engine.stop();

    const second = await startEngine(shopifySettings(api.baseUrl), { dataDir: first.dataDir });
    await waitUntil(() => realRuns(second).length === 3, 'the two missed orders caught up at start');
    expect(
      realRuns(second)
        .map((r) => r.summary)
        .slice(1),
    ).toEqual(['Order #61 from Jane Doe, 61.00 EUR', 'Order #62 from Jane Doe, 62.00 EUR']);
    const summary = await second.engine.api['offline.summary']({});
    expect(summary?.headline).toMatch(/^You were offline from .+ to .+\.$/);
    expect(summary?.lines).toEqual([{ source: 'shopify', text: 'Shopify retries for 4 hours: 2 orders were caught up.', recovered: true }]);
  });

  it('an absence longer than the platform keeps its orders (60 days): catches up what it still has and records the period as checked', async () => {
    const T = Date.now();
    const DAY = 24 * HOUR;
    const api = await startShopifyAdmin({ token: 'shpat_o', orders: [order(95, T - 61 * DAY), order(96, T - 2 * HOUR)] });
    const started = await startEngine(shopifySettings(api.baseUrl), { autoCatchUp: false });
    started.engine.state.catchUp.periods.record(T - 70 * DAY, T - HOUR, 'Hooktray was not running');
    expect(await shopifyLine(started)).toMatchObject({ text: expect.stringContaining('not yet checked') });
    const report = await shopifyReport(started);
    // From the oldest time Shopify still answers for, not "nothing missed".
    expect(Date.parse(report.since!)).toBeGreaterThanOrEqual(T - 60 * DAY);
    expect(Date.parse(report.since!)).toBeLessThan(T - 59 * DAY);
    expect(report).toMatchObject({ fresh: 1, runs: 1 });
    expect(realRuns(started).map((r) => r.summary)).toEqual(['Order #96 from Jane Doe, 96.00 EUR']);
    expect((await shopifyLine(started))?.text).not.toContain('not yet checked');
  });

  it('a catch-up that fails for a passing reason (503) is tried again on a timer, and the offline screen says when', async () => {
    const T = Date.now();
    const api = await startShopifyAdmin({ token: 'shpat_o', orders: [order(70, T - 5 * MIN)] });
    // Down until the test has seen the failure: the timed retry must not beat a busy test to it.
    api.faults.serverErrors = 1_000;
    const started = await startEngine(shopifySettings(api.baseUrl, { runner: { baseDelayMs: 1500, maxDelayMs: 5000 } }));
    const failures: string[] = [];
    started.engine.events.on('log', (a) => a.text.startsWith('Catching up') && failures.push(a.text));
    started.engine.events.emit('tunnel', {
      state: 'reconnecting',
      since: new Date(T - 20 * MIN).toISOString(),
      reason: 'the tunnel server stopped answering',
      nextTryAt: new Date().toISOString(),
      attempt: 1,
    });
    started.engine.events.emit('tunnel', {
      state: 'online',
      since: new Date().toISOString(),
      url: 'https://k3x9q2.relay.example.com',
      publicWebhooks: {},
      urlChanged: false,
    });

    await waitUntil(() => failures.length >= 1, 'the failed catch-up reported');
    expect(failures[0]).toMatch(/^Catching up with Shopify failed: Shopify answered 503: Service Unavailable\. Hooktray tries again at \d\d:\d\d\.$/);
    // Between timed retries (while one runs it says "catching up…").
    const failed = /^Shopify retries for 4 hours, and catching up failed: Shopify answered 503: Service Unavailable\. Hooktray tries again at \d\d:\d\d\.$/;
    await waitUntil(async () => failed.test((await shopifyLine(started))?.text ?? ''), 'the offline screen to say the catch-up failed and when it tries again');
    expect(realRuns(started)).toHaveLength(0);

    api.faults.serverErrors = 0;
    // The next timed retry: the line says how it ended once it has (no longer failed, nor catching up).
    const ended = await waitUntil(async () => {
      const line = await shopifyLine(started);
      return line && !failed.test(line.text) && !line.text.endsWith('catching up…') ? line : undefined;
    }, 'the timed retry to end');
    expect(ended).toEqual({ source: 'shopify', text: 'Shopify retries for 4 hours: 1 order was caught up.', recovered: true });
    expect(realRuns(started)).toHaveLength(1);
  });
});

describe('the offline screen is true to what was checked', () => {
  it('says "not yet checked" before a catch-up, keeps each period\'s result across a restart, and never lends one period\'s result to the next', async () => {
    const T = Date.now();
    const api = await startShopifyAdmin({ token: 'shpat_o', orders: [order(80, T - 2 * HOUR)] });
    const first = await startEngine(shopifySettings(api.baseUrl), { autoCatchUp: false });
    first.engine.state.catchUp.periods.record(T - 6 * HOUR, T - HOUR, 'Hooktray was not running');
    expect(await shopifyLine(first)).toEqual({ source: 'shopify', text: 'Shopify retries for 4 hours: not yet checked.', recovered: false });
    await shopifyReport(first);
    expect(await shopifyLine(first)).toEqual({ source: 'shopify', text: 'Shopify retries for 4 hours: 1 order was caught up.', recovered: true });
    await first.engine.stop();

    // After a restart the result is still there (it is in the journal, not in memory).
    const second = await startEngine(shopifySettings(api.baseUrl), { dataDir: first.dataDir, autoCatchUp: false });
    expect(await shopifyLine(second)).toEqual({ source: 'shopify', text: 'Shopify retries for 4 hours: 1 order was caught up.', recovered: true });

    // A later, short period has its own line: within Shopify's retries, not checked yet.
    second.engine.state.catchUp.periods.record(T - 30 * MIN, T - 20 * MIN, 'the public address was down');
    expect(await shopifyLine(second)).toEqual({
      source: 'shopify',
      text: 'Shopify retries for 4 hours: what it sent meanwhile arrives by itself; catch-up has not checked yet.',
      recovered: true,
    });

    // The public address changed after it: Shopify's queued retries go to the old one.
    const periods = second.engine.state.catchUp.periods;
    expect(periods.notePublicUrl('https://old-name.loca.lt')).toBe(false);
    expect(periods.notePublicUrl('https://new-name.loca.lt')).toBe(true);
    expect(await shopifyLine(second)).toEqual({
      source: 'shopify',
      text: 'Shopify retries for 4 hours, but to the old public address, which has changed since: not yet checked.',
      recovered: false,
    });
  });

  it('says "catching up…" while a catch-up of that platform runs', async () => {
    const T = Date.now();
    // An almost empty bucket refilling slowly: the first query waits about a second.
    const api = await startShopifyAdmin({ token: 'shpat_o', orders: [order(90, T - 5 * MIN)], throttleOnce: true, bucket: { restoreRate: 900 } });
    const started = await startEngine(shopifySettings(api.baseUrl), { autoCatchUp: false });
    started.engine.state.catchUp.periods.record(T - 30 * MIN, T - MIN, 'Hooktray was not running');
    const run = started.engine.api['catchup.run']({});
    await waitUntil(async () => (await shopifyLine(started))?.text === 'Shopify retries for 4 hours: catching up…', 'catching up shown');
    await run;
    expect((await shopifyLine(started))?.text).toBe('Shopify retries for 4 hours: 1 order was caught up.');
  });

  it('reads the heartbeat the journal keeps: without credentials it tells the owner what to connect', async () => {
    const first = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } } }, { autoCatchUp: false });
    expect(await first.engine.api['offline.summary']({})).toBeNull();
    await first.engine.stop();
    const db = new DatabaseSync(`${first.dataDir}/hooktray.db`);
    db.prepare(`UPDATE meta SET value = ? WHERE key = 'alive-at'`).run(String(Date.now() - 5 * HOUR));
    db.close();
    const second = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } } }, { dataDir: first.dataDir, autoCatchUp: false });
    expect(await shopifyLine(second)).toEqual({
      source: 'shopify',
      text: "Shopify retries for 4 hours: connect its app's API credentials to recover missed orders.",
      recovered: false,
    });
  });
});

describe('offline summary wording', () => {
  const settings = settingsSchema.parse({
    sources: {
      shopify: { secret: 's', api: { shop: 'x', accessToken: 'y' } },
      clinchpad: { handshakeKey: 'k', api: { apiKey: 'z' } },
      woocommerce: { secret: 'w' },
    },
  });
  const inUse = new Set(['shopify', 'clinchpad', 'woocommerce'] as const);
  const at = (h: number, m: number) => new Date(2026, 10, 20, h, m).getTime();
  const base = { settings, inUse, results: new Map(), running: new Set<never>(), nextRetryAt: {} };

  it('one line per platform, true to its retry rules and to what each catch-up found', () => {
    const summary = offlineSummary({
      ...base,
      period: { id: 1, startedAt: at(14, 2), endedAt: at(19, 40), reason: 'x' },
      results: new Map([
        ['shopify', { checkedAt: at(19, 41), succeeded: true, fresh: 3, baseline: false }],
        ['clinchpad', { checkedAt: at(19, 41), succeeded: true, fresh: 0, baseline: true }],
      ]),
    });
    // The issue's own wording: local 24-hour times.
    expect(summary.headline).toBe('You were offline from 14:02 to 19:40.');
    expect(summary.lines).toEqual([
      { source: 'shopify', text: 'Shopify retries for 4 hours: 3 orders were caught up.', recovered: true },
      { source: 'woocommerce', text: 'WooCommerce does not retry: connect its REST API keys to recover missed orders.', recovered: false },
      {
        source: 'clinchpad',
        text: 'ClinchPad does not retry: its API key was new, so the leads that existed were recorded as seen; leads added from now on are caught up.',
        recovered: false,
      },
    ]);
  });

  it('while still offline, nothing is claimed as checked', () => {
    const summary = offlineSummary({ ...base, period: { id: 2, startedAt: at(14, 2), reason: 'x' }, now: at(14, 30) });
    expect(summary.headline).toMatch(/^You are offline since /);
    expect(summary.lines[0]).toEqual({
      source: 'shopify',
      text: 'Shopify retries for 4 hours: what it sent meanwhile arrives by itself; catch-up has not checked yet (catch-up runs when Hooktray is back online).',
      recovered: true,
    });
    expect(summary.lines[2]).toEqual({
      source: 'clinchpad',
      text: 'ClinchPad does not retry: not yet checked (catch-up runs when Hooktray is back online).',
      recovered: false,
    });
  });
});
