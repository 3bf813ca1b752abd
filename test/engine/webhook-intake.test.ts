import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { FailureThrottle } from '../../electron/engine/server/failure-throttle.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder, signShopify } from '../helpers/shopify.ts';

const settings = {
  sources: { shopify: { secret: SHOPIFY_SECRET }, clinchpad: { handshakeKey: 'hk_test_key' } },
  smtp: { host: '127.0.0.1', port: 1, from: 'Shop <shop@example.com>' },
  runner: { baseDelayMs: 60_000 },
  recipes: [
    { recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } },
    { recipe: 'clinchpad-lead-email', settings: { to: ['sales@example.com'] } },
  ],
};

/** `now`: the engine's clock; a flood test stops it, so no failure token refills however slowly the flood goes. */
async function setup(now?: () => number) {
  const started = await startEngine(settings, now ? { now } : {});
  const { app, runs, db } = started.engine.state;
  const path = (source: string) => new URL(started.webhooks[source as 'shopify']).pathname;
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { ...started, app, runs, path, count };
}

describe('webhook intake', () => {
  it('stores a signed Shopify order with one run per enabled recipe before answering 200', async () => {
    const { app, path, count, engine } = await setup();
    engine.state.runner.setPaused(true);
    const body = JSON.stringify(shopifyOrder(1));
    const res = await app.inject({ method: 'POST', url: path('shopify'), headers: shopifyHeaders(body), payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, duplicate: false, runs: 1 });
    expect([count('deliveries'), count('events'), count('runs')]).toEqual([1, 1, 1]);
    const stored = engine.state.db.prepare('SELECT body, platform_id FROM deliveries').get() as { body: Uint8Array; platform_id: string };
    expect(Buffer.from(stored.body).toString()).toBe(body); // byte-exact
    const [run] = await engine.api['runs.list']({});
    expect(run).toMatchObject({ recipeId: 'shopify-order-email', status: 'queued', summary: 'Order #1001 from Jane Doe 1, 49.90 EUR' });
  });

  it('answers a redelivery (same X-Shopify-Event-Id) 200 and triggers nothing again', async () => {
    const { app, path, count, engine } = await setup();
    engine.state.runner.setPaused(true);
    const body = JSON.stringify(shopifyOrder(2));
    const headers = shopifyHeaders(body, { eventId: 'evt-same' });
    const first = await app.inject({ method: 'POST', url: path('shopify'), headers, payload: body });
    const again = await app.inject({ method: 'POST', url: path('shopify'), headers: { ...headers, 'x-shopify-webhook-id': 'another' }, payload: body });
    expect(first.json()).toMatchObject({ duplicate: false, runs: 1 });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, runs: 0 });
    expect([count('deliveries'), count('runs')]).toEqual([1, 1]);
  });

  describe('bad input: a clear 4xx, nothing triggered, recorded as a rejection', () => {
    const body = JSON.stringify(shopifyOrder(3));
    const FORM = 'id=3&total_price=49.90';
    const cases: [string, (p: (s: string) => string) => InjectOptions, number, string | undefined][] = [
      [
        'wrong signature',
        (p) => ({
          method: 'POST',
          url: p('shopify'),
          headers: { ...shopifyHeaders(body), 'x-shopify-hmac-sha256': signShopify(body, 'wrong') },
          payload: body,
        }),
        401,
        'bad_signature',
      ],
      [
        'tampered body',
        (p) => ({ method: 'POST', url: p('shopify'), headers: shopifyHeaders(body), payload: body.replace('49.90', '0.01') }),
        401,
        'bad_signature',
      ],
      [
        'missing signature',
        (p) => {
          const h = shopifyHeaders(body);
          delete (h as Record<string, string | undefined>)['x-shopify-hmac-sha256'];
          return { method: 'POST', url: p('shopify'), headers: h, payload: body };
        },
        401,
        'missing_signature',
      ],
      [
        'wrong token',
        (p) => ({ method: 'POST', url: p('shopify').replace(/[^/]+$/, 'not-the-token'), headers: shopifyHeaders(body), payload: body }),
        404,
        undefined,
      ],
      ['unknown source', () => ({ method: 'POST', url: '/h/etsy/whatever', headers: shopifyHeaders(body), payload: body }), 404, undefined],
      ['unknown path', () => ({ method: 'POST', url: '/api/status', headers: shopifyHeaders(body), payload: body }), 404, undefined],
      ['malformed JSON', (p) => ({ method: 'POST', url: p('shopify'), headers: shopifyHeaders('{"id": 1,'), payload: '{"id": 1,' }), 400, 'malformed_body'],
      [
        '3 MB body',
        (p) => {
          const big = JSON.stringify({ pad: 'x'.repeat(3 * 1024 * 1024) });
          return { method: 'POST', url: p('shopify'), headers: shopifyHeaders(big), payload: big };
        },
        413,
        'body_too_large',
      ],
      [
        'not JSON, sent as text/plain',
        (p) => ({ method: 'POST', url: p('shopify'), headers: { ...shopifyHeaders(FORM), 'content-type': 'text/plain' }, payload: FORM }),
        400,
        'malformed_body',
      ],
      [
        'not JSON, sent without a content type',
        (p) => {
          const h = shopifyHeaders(FORM);
          delete (h as Record<string, string | undefined>)['content-type'];
          return { method: 'POST', url: p('shopify'), headers: h, payload: FORM };
        },
        400,
        'malformed_body',
      ],
      [
        'not JSON, sent as a form',
        (p) => ({
          method: 'POST',
          url: p('shopify'),
          headers: { ...shopifyHeaders(FORM), 'content-type': 'application/x-www-form-urlencoded' },
          payload: FORM,
        }),
        400,
        'malformed_body',
      ],
    ];
    for (const [name, request, status, code] of cases) {
      it(name, async () => {
        const { app, path, count, engine } = await setup();
        const res = await app.inject(request(path));
        expect(res.statusCode).toBe(status);
        const answer = res.json() as { error: string; message: string };
        expect(answer.message.length).toBeGreaterThan(10);
        if (code) expect(answer.error).toBe(code);
        // It says what came and what Shopify sends.
        if (name.startsWith('not JSON'))
          expect(answer.message).toMatch(
            /^Shopify sends JSON, but this body \((sent as text\/plain|sent without a Content-Type|sent as application\/x-www-form-urlencoded)\) is not valid JSON/,
          );
        expect([count('deliveries'), count('events'), count('runs')]).toEqual([0, 0, 0]);
        expect(count('rejections')).toBe(code ? 1 : 0);
        if (code) {
          const [rejection] = await engine.api['rejections.list']({});
          expect(rejection).toMatchObject({ source: 'shopify', status, code });
          expect(rejection!.excerpt.length).toBeLessThanOrEqual(512);
        }
        // Still healthy: a good delivery goes through afterwards.
        const good = JSON.stringify(shopifyOrder(4));
        const ok = await app.inject({ method: 'POST', url: path('shopify'), headers: shopifyHeaders(good), payload: good });
        expect(ok.statusCode).toBe(200);
      });
    }
  });

  it("reads a JSON source's body as JSON whatever its content type says, and names what it got when it is not JSON", async () => {
    const { app, path, count, engine } = await setup();
    engine.state.runner.setPaused(true);
    const order = JSON.stringify(shopifyOrder(10));
    const plain = await app.inject({
      method: 'POST',
      url: path('shopify'),
      headers: { ...shopifyHeaders(order), 'content-type': 'text/plain; charset=utf-8' },
      payload: order,
    });
    expect(plain.json()).toMatchObject({ ok: true, runs: 1 });
    const lead = JSON.stringify({
      activity: { _id: 'act-ct', type: 'lead:created' },
      lead: { _id: 'lead-ct', name: 'Beta Ltd' },
      handshake_key: 'hk_test_key',
    });
    const bare = await app.inject({ method: 'POST', url: path('clinchpad'), headers: {}, payload: lead });
    expect(bare.json()).toMatchObject({ ok: true, runs: 1 });
    const form = await app.inject({
      method: 'POST',
      url: path('clinchpad'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'lead=Beta',
    });
    expect(form.statusCode).toBe(400);
    expect(form.json().error).toBe('malformed_body');
    expect(form.json().message).toMatch(
      /^ClinchPad sends JSON, but this body \(sent as application\/x-www-form-urlencoded\) is not valid JSON: .+ Check the webhook's format setting on ClinchPad \(JSON\)\.$/,
    );
    const empty = await app.inject({ method: 'POST', url: path('shopify'), headers: shopifyHeaders(''), payload: '' });
    expect([empty.statusCode, empty.json().error]).toEqual([400, 'malformed_body']);
    expect(empty.json().message).toContain('The request body is empty');
    expect(count('deliveries')).toBe(2);
  });

  it('refuses Shopify deliveries with 401 and says where to find the key when no secret is set', async () => {
    const started = await startEngine({ ...settings, sources: {} });
    const body = JSON.stringify(shopifyOrder(5));
    const res = await started.engine.state.app.inject({
      method: 'POST',
      url: new URL(started.webhooks.shopify).pathname,
      headers: shopifyHeaders(body),
      payload: body,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'no_secret' });
    expect(res.json().message).toContain('Settings → Notifications');
  });

  it('throttles a flood of forgeries but never a verified delivery', async () => {
    const stopped = Date.now();
    const { app, path, count } = await setup(() => stopped);
    const body = JSON.stringify(shopifyOrder(6));
    const forged = { ...shopifyHeaders(body), 'x-shopify-hmac-sha256': signShopify(body, 'forger') };
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await app.inject({ method: 'POST', url: path('shopify'), headers: forged, payload: body })).statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(25);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(175);
    expect(count('rejections')).toBeLessThanOrEqual(25);
    // The flood drained this client's failure budget; genuine deliveries still pass.
    for (let i = 0; i < 20; i++) {
      const good = JSON.stringify(shopifyOrder(100 + i));
      expect((await app.inject({ method: 'POST', url: path('shopify'), headers: shopifyHeaders(good), payload: good })).statusCode).toBe(200);
    }
    expect(count('deliveries')).toBe(20);
  });

  it('throttles a flood of wrong tokens per client, storing nothing, while the right address still works', async () => {
    const stopped = Date.now();
    const { app, path, count } = await setup(() => stopped);
    const body = JSON.stringify(shopifyOrder(8));
    const guess = (i: number) =>
      app.inject({ method: 'POST', url: path('shopify').replace(/[^/]+$/, `guess-${i}`), headers: shopifyHeaders(body), payload: body });
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await guess(i)).statusCode);
    expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(20);
    expect(statuses.slice(-50).every((s) => s === 429)).toBe(true);
    const last = await guess(100);
    expect(last.json()).toMatchObject({ error: 'throttled' });
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect([count('rejections'), count('deliveries')]).toEqual([0, 0]);
    expect((await app.inject({ method: 'POST', url: path('shopify'), headers: shopifyHeaders(body), payload: body })).statusCode).toBe(200);
  });

  it('caps forgeries from ever new addresses (cycling X-Forwarded-For) but never a verified delivery sent meanwhile', async () => {
    const stopped = Date.now();
    const { app, path, count } = await setup(() => stopped);
    const forged = JSON.stringify(shopifyOrder(9));
    const statuses: number[] = [];
    let verified = 0;
    for (let i = 0; i < 400; i++) {
      // Each forgery claims another client address; the tunnel relay on loopback is trusted to set it.
      const headers = { ...shopifyHeaders(forged), 'x-shopify-hmac-sha256': signShopify(forged, 'forger'), 'x-forwarded-for': `203.0.${i >> 8}.${i & 255}` };
      statuses.push((await app.inject({ method: 'POST', url: path('shopify'), headers, payload: forged })).statusCode);
      if (i % 10 === 0) {
        // A shop's bulk import from one address, in the middle of the flood.
        const good = JSON.stringify(shopifyOrder(1000 + i));
        const res = await app.inject({
          method: 'POST',
          url: path('shopify'),
          headers: { ...shopifyHeaders(good), 'x-forwarded-for': '198.51.100.7' },
          payload: good,
        });
        expect(res.statusCode).toBe(200);
        verified++;
      }
    }
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(110);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(290);
    expect(count('rejections')).toBeLessThanOrEqual(110);
    expect(count('deliveries')).toBe(verified);
  });

  it('accepts a ClinchPad lead with the right handshake key and refuses a wrong one', async () => {
    const { app, path, count, engine } = await setup();
    engine.state.runner.setPaused(true);
    const lead = (key: string, id: string) =>
      JSON.stringify({
        activity: { _id: id, created_at: '2026-11-20T09:00:00Z', type: 'lead:created', user: { _id: 'u1', name: 'Sam Seller' } },
        lead: { _id: 'lead-42', name: 'Acme Corp', stage: { _id: 's1', name: 'Prospect' }, pipe: { _id: 'p1', name: 'Default' } },
        handshake_key: key,
      });
    const good = await app.inject({
      method: 'POST',
      url: path('clinchpad'),
      headers: { 'content-type': 'application/json' },
      payload: lead('hk_test_key', 'act-1'),
    });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ runs: 1 });
    const bad = await app.inject({ method: 'POST', url: path('clinchpad'), headers: { 'content-type': 'application/json' }, payload: lead('guess', 'act-2') });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ error: 'bad_signature' });
    expect(count('runs')).toBe(1);
    const [run] = await engine.api['runs.list']({});
    expect(run).toMatchObject({ recipeId: 'clinchpad-lead-email', summary: 'New lead Acme Corp' });
  });

  it('answers 503 (so the platform retries) and never 200 when the journal cannot be written', async () => {
    const { app, path, count, engine } = await setup();
    engine.state.db.exec(`CREATE TRIGGER fail_insert BEFORE INSERT ON deliveries BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const body = JSON.stringify(shopifyOrder(7));
    const res = await app.inject({ method: 'POST', url: path('shopify'), headers: shopifyHeaders(body), payload: body });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('60');
    engine.state.db.exec('DROP TRIGGER fail_insert');
    const retried = await app.inject({ method: 'POST', url: path('shopify'), headers: shopifyHeaders(body), payload: body });
    expect(retried.statusCode).toBe(200);
    expect(count('deliveries')).toBe(1);
  });
});

describe('failure throttle', () => {
  it('forgets the least recently used client when full, not the first one it saw', () => {
    const throttle = new FailureThrottle({ burst: 2, perMinute: 1, globalBurst: 100, maxKeys: 2 });
    // "a" fails twice (its budget is spent), then "b" once, then "a" again (refused: most recently used).
    expect([throttle.take('a', 0), throttle.take('a', 0), throttle.take('b', 0), throttle.take('a', 0)]).toEqual([true, true, true, false]);
    throttle.take('c', 0); // full: evicts "b", the least recently used
    expect(throttle.take('a', 0)).toBe(false); // still remembered, still throttled
    expect([throttle.take('b', 0), throttle.take('b', 0)]).toEqual([true, true]); // forgotten: a fresh budget
  });

  it('has one budget for all clients together, refilled over time', () => {
    const throttle = new FailureThrottle({ burst: 5, perMinute: 60, globalBurst: 10, globalPerMinute: 60 });
    const taken = Array.from({ length: 20 }, (_, i) => throttle.take(`client-${i}`, 0));
    expect(taken.filter(Boolean).length).toBe(10);
    expect(throttle.retryAfterSeconds('client-19')).toBe(1);
    expect(throttle.take('client-19', 1000)).toBe(true); // one second later, one failure more
    expect(throttle.take('client-20', 1000)).toBe(false);
  });
});
