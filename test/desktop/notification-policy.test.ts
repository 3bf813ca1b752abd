import { describe, expect, it } from 'vitest';
import { aRun } from '../helpers/run.ts';
import { BROKEN_AFTER, isBroken, type PlatformIntake } from '../../shared/platform-intake.ts';
import type { Rejection } from '../../shared/runs.ts';
import type { SourceId } from '../../shared/sources.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';
import { NotificationPolicy, platformWords as words } from '../../electron/desktop/notification-policy.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';

const run = (over: Parameters<typeof aRun>[0]) =>
  aRun({ recipeId: 'hubspot', status: 'failed', attempts: 15, summary: 'New lead Acme', lastError: 'HubSpot refused the token (401)', ...over });
const online = (url: string, urlChanged: boolean): TunnelStatus => ({ state: 'online', since: '', url, publicWebhooks: {}, urlChanged });
const MIN = 60_000;
const T0 = Date.parse('2026-11-23T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const rejection = (id: number, at: number, over: Partial<Rejection> = {}): Rejection => ({
  id,
  at: iso(at),
  source: 'shopify',
  status: 401,
  code: 'bad_signature',
  message: 'Shopify signature did not match',
  headers: {},
  excerpt: '',
  ...over,
});

describe('desktop notifications', () => {
  it('interrupts only for a run that gave up, not for retries, successes or tests', () => {
    const policy = new NotificationPolicy();
    expect(policy.onRun(run({ status: 'retrying' }), 'HubSpot', 0)).toBeUndefined();
    expect(policy.onRun(run({ status: 'succeeded' }), 'HubSpot', 0)).toBeUndefined();
    expect(policy.onRun(run({ test: true }), 'HubSpot', 0)).toBeUndefined();
    expect(policy.onRun(run({}), 'New lead → HubSpot', 0)).toEqual({
      title: 'New lead → HubSpot failed',
      body: 'New lead Acme: HubSpot refused the token (401). Open Activity to retry it.',
      view: 'activity',
    });
  });

  it('says it once per recipe per quiet period, so a dead server does not flood the screen', () => {
    const policy = new NotificationPolicy({ quietMs: 60_000 });
    expect(policy.onRun(run({ id: 1 }), 'HubSpot', 1000)).toBeDefined();
    expect(policy.onRun(run({ id: 2 }), 'HubSpot', 30_000)).toBeUndefined();
    expect(policy.onRun(run({ id: 3, recipeId: 'email' }), 'Email', 30_000)).toBeDefined();
    expect(policy.onRun(run({ id: 4 }), 'HubSpot', 61_001)).toBeDefined();
  });

  it('tells the owner when the public address changed, once per new address', () => {
    const policy = new NotificationPolicy();
    expect(policy.onTunnel(online('https://a.loca.lt', false))).toBeUndefined();
    expect(policy.onTunnel({ state: 'reconnecting', since: '', reason: 'x', nextTryAt: '', attempt: 1 })).toBeUndefined();
    const changed = policy.onTunnel(online('https://b.loca.lt', true));
    expect(changed).toMatchObject({ title: 'Your public address changed', view: 'home', body: expect.stringContaining('https://b.loca.lt') });
    expect(changed!.body).not.toMatch(/webhook/i);
    expect(policy.onTunnel(online('https://b.loca.lt', true))).toBeUndefined();
  });

  it('speaks once a platform is broken by the shared rule (BROKEN_AFTER refused in a row), once per quiet period', () => {
    const policy = new NotificationPolicy({ quietMs: 60 * MIN });
    const intake = (refusedInARow: number, source: SourceId = 'shopify'): PlatformIntake => ({
      source,
      refusedInARow,
      lastRefusal: { code: 'bad_signature', message: 'x' },
    });
    // Fewer than BROKEN_AFTER in a row: the tray and Activity say it, the screen is left alone.
    for (let n = 1; n < BROKEN_AFTER; n++) expect(policy.onRefusal(rejection(n, T0 + n * MIN), intake(n), words, T0 + n * MIN)).toBeUndefined();
    const note = policy.onRefusal(rejection(9, T0 + 5 * MIN), intake(BROKEN_AFTER), words, T0 + 5 * MIN);
    expect(note).toEqual({
      title: 'Shopify orders are being refused',
      body: `The last ${BROKEN_AFTER} orders Shopify sent were refused. Shopify’s signature did not match the signing key saved in Hooktray: copy it again from Settings → Notifications → Webhooks in your Shopify admin.`,
      view: 'settings',
    });
    // Still broken a minute later: no second notice inside the quiet hour, one after it.
    expect(policy.onRefusal(rejection(10, T0 + 6 * MIN), intake(BROKEN_AFTER + 1), words, T0 + 6 * MIN)).toBeUndefined();
    expect(policy.onRefusal(rejection(11, T0 + 70 * MIN), intake(BROKEN_AFTER + 2), words, T0 + 70 * MIN)).toMatchObject({
      title: 'Shopify orders are being refused',
    });
    // Another platform's intake never speaks for this one's refusal.
    expect(new NotificationPolicy().onRefusal(rejection(12, T0), intake(BROKEN_AFTER, 'stripe'), words, T0)).toBeUndefined();
  });

  it('says nothing once a delivery was accepted again (the engine counts from zero)', () => {
    const policy = new NotificationPolicy();
    expect(policy.onRefusal(rejection(1, T0), { source: 'shopify', refusedInARow: 1, lastReceivedAt: iso(T0 - MIN) }, words, T0)).toBeUndefined();
    expect(policy.onRefusal(rejection(2, T0), undefined, words, T0)).toBeUndefined();
  });

  it('says when the public address stays down for minutes (not for a short blip, not when turned off), and when it is back', () => {
    const policy = new NotificationPolicy({ downAfterMs: 5 * MIN });
    const down = (at: number, attempt: number): TunnelStatus => ({
      state: 'reconnecting',
      since: iso(at),
      reason: 'The public-address service (localtunnel.me) is having an outage.',
      nextTryAt: iso(at + MIN),
      attempt,
    });
    expect(policy.onTunnel(online('https://a.loca.lt', false), T0)).toBeUndefined();
    expect(policy.onTunnel(down(T0 + MIN, 1), T0 + MIN)).toBeUndefined();
    expect(policy.onTunnel(online('https://a.loca.lt', false), T0 + 2 * MIN)).toBeUndefined(); // a blip: nothing said
    expect(policy.onTunnel(down(T0 + 3 * MIN, 1), T0 + 3 * MIN)).toBeUndefined();
    expect(policy.onTunnel(down(T0 + 6 * MIN, 4), T0 + 6 * MIN)).toBeUndefined();
    // The periodic look (same status, later) notices the outage passed five minutes.
    const note = policy.onTunnel(down(T0 + 6 * MIN, 4), T0 + 8 * MIN);
    expect(note).toEqual({
      title: 'Your shops cannot reach Hooktray',
      body: 'The public address has been down for 5 minutes. The public-address service (localtunnel.me) is having an outage. Most shops keep their messages and send them again; Hooktray keeps trying.',
      view: 'home',
    });
    expect(policy.onTunnel(down(T0 + 9 * MIN, 5), T0 + 20 * MIN)).toBeUndefined(); // once per outage
    expect(policy.onTunnel(online('https://a.loca.lt', false), T0 + 21 * MIN)).toMatchObject({ title: 'Your public address is back' });
    // Turned off on purpose is not an outage.
    const off = new NotificationPolicy({ downAfterMs: 5 * MIN });
    expect(off.onTunnel({ state: 'offline', since: iso(T0), reason: 'The public address is turned off.' }, T0 + 60 * MIN)).toBeUndefined();
  });
});

describe('refusal notices from a real engine’s live refusals', () => {
  it('a wrong signing key in Shopify leads to one notice once the platform is broken, and an accepted order mends it', async () => {
    const { engine, webhooks } = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } } });
    const policy = new NotificationPolicy();
    const notes: unknown[] = [];
    const heard: Rejection[] = [];
    // As the desktop app does it: the engine's intake, read when the refusal is told.
    engine.events.on('refusal', (r) => heard.push(r));
    const send = async (n: number, secret?: string) => {
      const body = JSON.stringify(shopifyOrder(n));
      return (await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body, secret ? { secret } : {}), body })).status;
    };
    for (let n = 1; n <= BROKEN_AFTER; n++) {
      expect(await send(n, 'shpss_the_wrong_key')).toBe(401);
      const r = heard.at(-1)!;
      notes.push(
        policy.onRefusal(
          r,
          (await engine.api['platforms.intake']({})).find((p) => p.source === r.source),
          words,
        ),
      );
    }
    // Told once stored, before the platform got its answer: the live refusals are the stored ones.
    expect(heard).toEqual((await engine.api['rejections.list']({ limit: 20 })).reverse());
    expect(notes.slice(0, BROKEN_AFTER - 1)).toEqual(Array(BROKEN_AFTER - 1).fill(undefined));
    expect(notes[BROKEN_AFTER - 1]).toMatchObject({ title: 'Shopify orders are being refused', view: 'settings' });
    expect(isBroken((await engine.api['platforms.intake']({}))[0])).toBe(true);

    expect(await send(99)).toBe(200);
    const mended = (await engine.api['platforms.intake']({}))[0]!;
    expect(mended).toMatchObject({ source: 'shopify', refusedInARow: 0, lastReceivedAt: expect.any(String), lastRefusedAt: expect.any(String) });
    expect(isBroken(mended)).toBe(false);
  });
});
