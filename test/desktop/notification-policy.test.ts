import { describe, expect, it } from 'vitest';
import { aRun } from '../helpers/run.ts';
import type { Rejection } from '../../shared/runs.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';
import { NotificationPolicy, platformWords as words } from '../../electron/desktop/notification-policy.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';

const run = (over: Parameters<typeof aRun>[0]) => aRun({ recipeId: 'hubspot', status: 'failed', attempts: 15, summary: 'New lead Acme', lastError: 'HubSpot refused the token (401)', ...over });
const online = (url: string, urlChanged: boolean): TunnelStatus => ({ state: 'online', since: '', url, publicWebhooks: {}, urlChanged });
const MIN = 60_000;
const T0 = Date.parse('2026-11-23T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const rejection = (id: number, at: number, over: Partial<Rejection> = {}): Rejection => ({ id, at: iso(at), source: 'shopify', status: 401, code: 'bad_signature', message: 'Shopify signature did not match', headers: {}, excerpt: '', ...over });

describe('desktop notifications', () => {
  it('interrupts only for a run that gave up, not for retries, successes or tests', () => {
    const policy = new NotificationPolicy();
    expect(policy.onRun(run({ status: 'retrying' }), 'HubSpot', 0)).toBeUndefined();
    expect(policy.onRun(run({ status: 'succeeded' }), 'HubSpot', 0)).toBeUndefined();
    expect(policy.onRun(run({ test: true }), 'HubSpot', 0)).toBeUndefined();
    expect(policy.onRun(run({}), 'New lead → HubSpot', 0)).toEqual({ title: 'New lead → HubSpot failed', body: 'New lead Acme: HubSpot refused the token (401). Open Activity to retry it.', view: 'activity' });
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

  it('says a platform’s deliveries are being refused after repeated wrong-key refusals, once per quiet period', () => {
    const policy = new NotificationPolicy({ refusals: 3, refusalWindowMs: 30 * MIN, quietMs: 60 * MIN });
    const hear = (...refusals: [ReturnType<typeof rejection>, number][]) => refusals.map(([r, at]) => policy.onRefusal(r, words, at)).filter(Boolean);
    expect(hear([rejection(4, T0 + MIN), T0 + MIN])).toEqual([]);
    // Other refusals (too large, wrong content type) and other platforms do not count towards Shopify's.
    expect(hear([rejection(5, T0 + 2 * MIN, { source: 'stripe' }), T0 + 2 * MIN], [rejection(6, T0 + 3 * MIN, { code: 'body_too_large' }), T0 + 3 * MIN])).toEqual([]);
    const notes = hear([rejection(7, T0 + 4 * MIN), T0 + 4 * MIN], [rejection(8, T0 + 5 * MIN, { code: 'missing_signature' }), T0 + 5 * MIN]);
    expect(notes).toEqual([{ title: 'Shopify orders are being refused', body: 'Shopify orders are being refused: check the signing key in Settings. 3 were turned away in the last 30 minutes because the key did not match.', view: 'settings' }]);
    // Still refused a minute later: no second notice inside the quiet hour, one after it.
    expect(hear([rejection(9, T0 + 6 * MIN), T0 + 6 * MIN])).toEqual([]);
    expect(hear([rejection(10, T0 + 68 * MIN), T0 + 68 * MIN], [rejection(11, T0 + 69 * MIN), T0 + 69 * MIN], [rejection(12, T0 + 70 * MIN), T0 + 70 * MIN])).toMatchObject([{ title: 'Shopify orders are being refused' }]);
  });

  it('does not count refusals spread out beyond the window', () => {
    const policy = new NotificationPolicy({ refusals: 3, refusalWindowMs: 30 * MIN });
    expect(policy.onRefusal(rejection(1, T0), words, T0)).toBeUndefined();
    expect(policy.onRefusal(rejection(2, T0 + 20 * MIN), words, T0 + 20 * MIN)).toBeUndefined();
    expect(policy.onRefusal(rejection(3, T0 + 40 * MIN), words, T0 + 40 * MIN)).toBeUndefined();
  });

  it('says when the public address stays down for minutes (not for a short blip, not when turned off), and when it is back', () => {
    const policy = new NotificationPolicy({ downAfterMs: 5 * MIN });
    const down = (at: number, attempt: number): TunnelStatus => ({ state: 'reconnecting', since: iso(at), reason: 'The public-address service (localtunnel.me) is having an outage.', nextTryAt: iso(at + MIN), attempt });
    expect(policy.onTunnel(online('https://a.loca.lt', false), T0)).toBeUndefined();
    expect(policy.onTunnel(down(T0 + MIN, 1), T0 + MIN)).toBeUndefined();
    expect(policy.onTunnel(online('https://a.loca.lt', false), T0 + 2 * MIN)).toBeUndefined(); // a blip: nothing said
    expect(policy.onTunnel(down(T0 + 3 * MIN, 1), T0 + 3 * MIN)).toBeUndefined();
    expect(policy.onTunnel(down(T0 + 6 * MIN, 4), T0 + 6 * MIN)).toBeUndefined();
    // The periodic look (same status, later) notices the outage passed five minutes.
    const note = policy.onTunnel(down(T0 + 6 * MIN, 4), T0 + 8 * MIN);
    expect(note).toEqual({ title: 'Your shops cannot reach Hooktray', body: 'The public address has been down for 5 minutes. The public-address service (localtunnel.me) is having an outage. Most shops keep their messages and send them again; Hooktray keeps trying.', view: 'home' });
    expect(policy.onTunnel(down(T0 + 9 * MIN, 5), T0 + 20 * MIN)).toBeUndefined(); // once per outage
    expect(policy.onTunnel(online('https://a.loca.lt', false), T0 + 21 * MIN)).toMatchObject({ title: 'Your public address is back' });
    // Turned off on purpose is not an outage.
    const off = new NotificationPolicy({ downAfterMs: 5 * MIN });
    expect(off.onTunnel({ state: 'offline', since: iso(T0), reason: 'The public address is turned off.' }, T0 + 60 * MIN)).toBeUndefined();
  });
});

describe('refusal notices from a real engine’s live refusals', () => {
  it('a wrong signing key in Shopify leads to one notice after three refused orders', async () => {
    const { engine, webhooks } = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } } });
    const policy = new NotificationPolicy();
    const notes: unknown[] = [];
    const heard: Rejection[] = [];
    engine.events.on('refusal', (r) => {
      heard.push(r);
      notes.push(policy.onRefusal(r, words));
    });
    for (const n of [1, 2, 3]) {
      const body = JSON.stringify(shopifyOrder(n));
      const res = await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body, { secret: 'shpss_the_wrong_key' }), body });
      expect(res.status).toBe(401);
    }
    // Told once stored, before the platform got its answer: the live refusals are the stored ones.
    expect(heard).toEqual((await engine.api['rejections.list']({ limit: 20 })).reverse());
    expect(notes.slice(0, 2)).toEqual([undefined, undefined]);
    expect(notes[2]).toMatchObject({ title: 'Shopify orders are being refused', view: 'settings' });
  });
});
