import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startDashboard } from '../../electron/cli/dashboard.ts';
import { buildDashboardApp } from '../../electron/engine/server/dashboard-app.ts';
import { silentLogger, startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';

async function setup() {
  const started = await startEngine({
    sources: { shopify: { secret: SHOPIFY_SECRET } },
    paused: true,
    recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
  });
  const dashboard = await startDashboard(started.engine, { port: 0, logger: silentLogger });
  const url = new URL(dashboard.url);
  return { ...started, dashboard, token: url.hash.replace('#token=', ''), base: `${url.protocol}//${url.host}`, port: Number(url.port) };
}

const json = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

describe('headless dashboard', () => {
  it('answers GET /api/status and POST /api/<operation> with the token, and refuses without it', async () => {
    const { base, token, dashboard } = await setup();
    const ok = await fetch(`${base}/api/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      paused: true,
      webhooks: { shopify: expect.stringContaining('/h/shopify/') },
      recipes: [expect.objectContaining({ id: 'shopify-order-email' })],
    });
    for (const headers of [{}, { authorization: 'Bearer wrong-token' }, { authorization: token }] as Record<string, string>[]) {
      const refused = await fetch(`${base}/api/status`, { headers });
      expect(refused.status).toBe(401);
      expect((await refused.json()).message).toContain('address printed at start');
    }
    const catalog = await fetch(`${base}/api/recipes.catalog`, { method: 'POST', headers: json(token), body: '{}' });
    expect(((await catalog.json()) as unknown[]).length).toBeGreaterThanOrEqual(12);
    const bad = await fetch(`${base}/api/runs.get`, { method: 'POST', headers: json(token), body: '{"id":"x"}' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toContain('id');
    const missing = await fetch(`${base}/api/runs.get`, { method: 'POST', headers: json(token), body: '{"id":999}' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not_found', message: 'There is no run 999.' });
    expect((await fetch(`${base}/api/nope`, { method: 'POST', headers: json(token), body: '{}' })).status).toBe(404);
    await dashboard.close();
  });

  it('refuses a foreign Origin and a foreign Host (DNS rebinding), even with the token', async () => {
    const { base, token, port, dashboard } = await setup();
    expect((await fetch(`${base}/api/status`, { headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' } })).status).toBe(403);
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port, path: '/api/status', headers: { host: `evil.example:${port}`, authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).end();
    });
    expect(status).toBe(403);
    expect((await fetch(`${base}/api/status`, { headers: { authorization: `Bearer ${token}`, origin: base } })).status).toBe(200);
    await dashboard.close();
  });

  it('streams live events over SSE, with the token in the query as EventSource cannot set headers', async () => {
    const { base, token, webhooks, dashboard } = await setup();
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events?token=${token}`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const body = JSON.stringify(shopifyOrder(1));
    await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body), body });
    let text = '';
    while (!text.includes('event: delivery')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('Order #1001 from Jane Doe 1');
    controller.abort();
    await dashboard.close();
  });

  it('keeps the API off the webhook listener', async () => {
    const { webhooks, dashboard } = await setup();
    expect((await fetch(new URL('/api/status', webhooks.shopify))).status).toBe(404);
    await dashboard.close();
  });
});

describe('the dashboard page and its API', () => {
  it("answers an unknown GET under /api/ with 404 JSON, while the page's own routes get index.html", async () => {
    const { engine } = await startEngine({});
    const staticDir = tempDir();
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Hooktray</title>');
    const token = 'dashboard-token-0123456789abcdef';
    const app = buildDashboardApp({ api: engine.api, events: engine.events, token, staticDir, logger: silentLogger });
    await app.listen({ host: '127.0.0.1', port: 0 });
    onTestFinished(() => app.close());
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    for (const path of ['/api/nope', '/api/status.get', '/api/events/x', '/api/']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toMatchObject({ error: 'not_found', message: expect.stringContaining('POST /api/<operation>') });
    }
    const page = await get('/activity');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await get('/api/status')).status).toBe(200);
  });
});
