import { connect } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { LogLine } from '../../shared/log-line.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';
import type { Engine } from '../../electron/engine/engine.ts';
import { startEngine } from '../helpers/engine.ts';
import { relayRequest, spawnRelay, type SpawnedRelay } from '../helpers/relay.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';
import { FAST_TUNNEL } from '../helpers/tunnel-timing.ts';

/** Short timings so outages are seen in a test's time, not production's minutes. */
const FAST = FAST_TUNNEL;
const settings = { sources: { shopify: { secret: SHOPIFY_SECRET } } };

async function engineBehind(relay: SpawnedRelay, dataDir = tempDir()) {
  const started = await startEngine(settings, { dataDir, tunnel: { provider: 'localtunnel', host: relay.host, timing: FAST } });
  const { engine } = started;
  const statuses: TunnelStatus[] = [];
  const activity: LogLine[] = [];
  engine.events.on('tunnel', (s) => statuses.push(s));
  engine.events.on('log', (a) => activity.push(a));
  return { ...started, statuses, activity, online: () => waitForOnline(engine) };
}

function waitForOnline(engine: Engine) {
  return waitUntil(
    () => {
      const status = engine.tunnel?.status;
      return status?.state === 'online' ? status : undefined;
    },
    'the tunnel to be online',
    20_000,
  );
}

const storedName = (engine: Engine) => (engine.state.db.prepare(`SELECT value FROM meta WHERE key = 'tunnel-subdomain'`).get() as { value: string }).value;
const deliveries = (engine: Engine) => (engine.state.db.prepare('SELECT COUNT(*) AS n FROM deliveries').get() as { n: number }).n;

/** A signed Shopify order sent to the public address, as Shopify would (through the relay). */
async function deliverThroughRelay(relayPort: number, publicUrl: string, n: number) {
  const url = new URL(publicUrl);
  const body = JSON.stringify(shopifyOrder(n));
  return relayRequest(relayPort, { host: url.host, method: 'POST', path: url.pathname, headers: shopifyHeaders(body), body });
}

describe('the engine tunnel through hooktray relay', () => {
  it('delivers a signed Shopify webhook through the relay, stores it, and keeps its name after a relay restart', async () => {
    const relay = await spawnRelay();
    const { engine, webhooks, statuses, online } = await engineBehind(relay);
    const first = await online();
    const name = storedName(engine);
    expect(name).toMatch(/^ht[a-z0-9]{12}$/);
    expect(first.url).toBe(`http://${name}.localhost:${relay.port}`);
    expect(first.publicWebhooks.shopify).toBe(`${first.url}${new URL(webhooks.shopify).pathname}`);

    const answer = await deliverThroughRelay(relay.port, first.publicWebhooks.shopify!, 1);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, duplicate: false });
    expect(deliveries(engine)).toBe(1);

    // The relay restarts on the same port: it forgot every tunnel, we come back under the same name.
    await relay.stop();
    const again = await spawnRelay([], { port: relay.port });
    await waitUntil(() => statuses.some((s) => s.state === 'reconnecting'), 'reconnecting');
    const second = await waitUntil(
      () => statuses.findLast((s) => s.state === 'online' && statuses.indexOf(s) > statuses.findIndex((r) => r.state === 'reconnecting')),
      'online again',
      20_000,
    );
    expect(second.state === 'online' && second.url).toBe(first.url);
    const after = await deliverThroughRelay(again.port, first.publicWebhooks.shopify!, 2);
    expect(after.status).toBe(200);
    expect(deliveries(engine)).toBe(2);
  });

  it('says reconnecting (with the reason and the next try) while the relay is down, then online when it is back', async () => {
    const relay = await spawnRelay();
    const { engine, statuses, activity, online } = await engineBehind(relay);
    const before = await online();
    await relay.stop();
    const down = await waitUntil(() => {
      const s = engine.tunnel!.status;
      return s.state === 'reconnecting' ? s : undefined;
    }, 'reconnecting');
    // Words for the owner; the error code stays in the detail.
    expect(down.reason).toMatch(
      /^(The connection to the public-address service \(127\.0\.0\.1\) dropped|The public-address service \(127\.0\.0\.1\) is not accepting connections right now)\.$/,
    );
    expect(down.detail).toMatch(/http:\/\/127\.0\.0\.1:\d+ .*(broke|ECONNREFUSED)/);
    expect(Date.parse(down.nextTryAt)).toBeGreaterThan(Date.parse(down.since));
    // While it stays down: several tries, each failing back to reconnecting.
    await waitUntil(() => statuses.some((s) => s.state === 'reconnecting' && s.attempt > 1), 'a second try that failed too');
    expect(engine.tunnel!.status.state).toBe('reconnecting');

    await spawnRelay([], { port: relay.port });
    const back = await online();
    expect(back.url).toBe(before.url);
    const warning = activity.find((a) => a.level === 'warning' && a.text.includes('The public URL is down'));
    expect(warning?.text).not.toMatch(/\bE[A-Z]{4,}\b|webhook/i);
    expect(warning?.detail).toMatch(/broke|ECONNREFUSED/);
    expect(activity.at(-1)).toMatchObject({ level: 'success', text: `Public URL online: ${before.url}` });
  });

  it('notices a relay that hangs without closing anything (health probe), and recovers', async () => {
    const relay = await spawnRelay();
    const { engine, online } = await engineBehind(relay);
    const before = await online();
    relay.child.kill('SIGSTOP');
    onTestFinished(() => void relay.child.kill('SIGCONT'));
    const down = await waitUntil(
      () => {
        const s = engine.tunnel!.status;
        return s.state === 'reconnecting' ? s : undefined;
      },
      'the probe to notice',
      10_000,
    );
    expect(down.reason).toMatch(/not answering|stopped answering/);
    expect(down.detail).toMatch(/did not answer|did not open|in time/);
    relay.child.kill('SIGCONT');
    expect((await online()).url).toBe(before.url);
  });

  it('when the server will not give our name back, takes the new one loudly and remembers it', async () => {
    const relay = await spawnRelay(['--grace', '1']);
    const dataDir = tempDir();
    const first = await engineBehind(relay, dataDir);
    const old = await first.online();
    const name = storedName(first.engine);
    await first.engine.stop();
    await waitUntil(
      async () => (await relayRequest(relay.port, { host: `127.0.0.1:${relay.port}`, path: `/api/tunnels/${name}/status` })).status === 404,
      'the name to be freed',
    );
    // Someone else (a stock localtunnel client; its sockets come from where it registered) takes the name and keeps it.
    const claim = await relayRequest(relay.port, { host: `127.0.0.1:${relay.port}`, path: `/${name}` });
    const socket = connect(JSON.parse(claim.body).port as number, '127.0.0.1');
    onTestFinished(() => void socket.destroy());

    const second = await engineBehind(relay, dataDir);
    const changed = await second.online();
    expect(changed.urlChanged).toBe(true);
    expect(changed.url).not.toBe(old.url);
    const newName = new URL(changed.url).hostname.split('.')[0];
    expect(storedName(second.engine)).toBe(newName);
    const loud = second.activity.find((a) => a.level === 'error');
    expect(loud?.text).toContain(changed.url);
    expect(loud?.text).toContain('Paste the new URL into Shopify');
    expect((await deliverThroughRelay(relay.port, changed.publicWebhooks.shopify!, 3)).status).toBe(200);

    // Reconnecting to the same new URL is not news: no second alarm, and the status stops saying so.
    const count = second.statuses.length;
    await second.engine.api['tunnel.reconnect']({ reason: 'woke from sleep' });
    const again = await waitUntil(() => second.statuses.slice(count).find((s) => s.state === 'online'), 'online after reconnect');
    expect(again).toMatchObject({ url: changed.url, urlChanged: false });
    expect(await second.engine.api['tunnel.status']({})).toMatchObject({ url: changed.url, urlChanged: false });
    expect(second.activity.filter((a) => a.text.includes('Paste the new URL'))).toHaveLength(1);
  });

  it('keeps asking for the name the owner chose (tunnel.subdomain) after the server handed out another', async () => {
    const relay = await spawnRelay(['--grace', '1']);
    const chosen = 'my-shop-orders';
    // Someone else holds the chosen name when Hooktray starts.
    const claim = await relayRequest(relay.port, { host: `127.0.0.1:${relay.port}`, path: `/${chosen}` });
    const socket = connect(JSON.parse(claim.body).port as number, '127.0.0.1');
    onTestFinished(() => void socket.destroy());
    await waitUntil(
      async () =>
        JSON.parse((await relayRequest(relay.port, { host: `127.0.0.1:${relay.port}`, path: `/api/tunnels/${chosen}/status` })).body).connected_sockets === 1,
      'the other claim to hold the name',
    );

    const { engine } = await startEngine(
      { ...settings, tunnel: { provider: 'localtunnel', host: relay.host, subdomain: chosen } },
      { tunnel: { timing: FAST } },
    );
    const statuses: TunnelStatus[] = [];
    engine.events.on('tunnel', (s) => statuses.push(s));
    const stopgap = await waitForOnline(engine);
    expect(stopgap.url).not.toContain(chosen);
    expect(stopgap.urlChanged).toBe(true);

    // The other client leaves; the next connect asks for the chosen name again, not the stopgap.
    socket.destroy();
    await waitUntil(
      async () => (await relayRequest(relay.port, { host: `127.0.0.1:${relay.port}`, path: `/api/tunnels/${chosen}/status` })).status === 404,
      'the chosen name to be freed',
    );
    const count = statuses.length;
    await engine.api['tunnel.reconnect']({ reason: 'network changed' });
    const back = await waitUntil(() => statuses.slice(count).find((s) => s.state === 'online'), 'online under the chosen name', 20_000);
    expect(back).toMatchObject({ url: `http://${chosen}.localhost:${relay.port}`, urlChanged: true });
    // The chosen name lives in the settings; the stopgap name is never kept for the next start.
    expect(engine.state.db.prepare(`SELECT value FROM meta WHERE key = 'tunnel-subdomain'`).get()).toBeUndefined();
  });

  it('reconnects at once when the desktop shell says the machine woke up (tunnel.reconnect)', async () => {
    const relay = await spawnRelay();
    const { engine, statuses, online } = await engineBehind(relay);
    const before = await online();
    const count = statuses.length;
    const result = await engine.api['tunnel.reconnect']({ reason: 'woke from sleep' });
    expect(['connecting', 'online']).toContain(result.state);
    await waitUntil(() => statuses.slice(count).some((s) => s.state === 'online'), 'online after reconnect');
    expect(statuses.slice(count).map((s) => s.state)).toEqual(['connecting', 'online']);
    expect(await engine.api['tunnel.status']({})).toMatchObject({ state: 'online', url: before.url });
  });

  it('applies a tunnel settings change at once (off → through the relay → off)', async () => {
    const relay = await spawnRelay();
    const { engine } = await startEngine({ ...settings, tunnel: { provider: 'none' } }, { tunnel: { timing: FAST } });
    expect(engine.tunnel!.status.state).toBe('offline');
    engine.updateSettings({ ...engine.currentSettings, tunnel: { provider: 'localtunnel', host: relay.host } });
    expect((await waitForOnline(engine)).url).toMatch(new RegExp(`\\.localhost:${relay.port}$`));
    engine.updateSettings({ ...engine.currentSettings, tunnel: { provider: 'none', host: relay.host } });
    await waitUntil(() => engine.tunnel!.status.state === 'offline', 'offline again');
    const name = storedName(engine);
    await waitUntil(
      async () =>
        JSON.parse((await relayRequest(relay.port, { host: `127.0.0.1:${relay.port}`, path: `/api/tunnels/${name}/status` })).body).connected_sockets === 0,
      'our sockets to be closed',
    );
  });

  it('stays off without a tunnel request or with provider none, and never touches the network', async () => {
    const { engine } = await startEngine({ ...settings, tunnel: { provider: 'localtunnel', host: 'http://127.0.0.1:9' } });
    expect(await engine.api['tunnel.status']({})).toMatchObject({ state: 'offline' });
    const none = await startEngine(settings, { tunnel: { provider: 'none' } });
    expect((await none.engine.api['tunnel.reconnect']({})).state).toBe('offline');
  });
});

describe('the admin side through the tunnel', () => {
  it('is not there: /api/* through the relay gets the webhook app’s 404 and nothing reaches the dashboard listener', async () => {
    const { buildDashboardApp } = await import('../../electron/engine/server/dashboard-app.ts');
    const { silentLogger } = await import('../helpers/engine.ts');
    const relay = await spawnRelay();
    const { engine, online } = await engineBehind(relay);
    const token = 'dashboard-token-0123456789abcdef';
    const dashboard = buildDashboardApp({ api: engine.api, events: engine.events, token, logger: silentLogger });
    let reached = 0;
    dashboard.addHook('onRequest', async () => void reached++);
    await dashboard.listen({ host: '127.0.0.1', port: 0 });
    onTestFinished(() => dashboard.close());
    const dashboardPort = (dashboard.server.address() as { port: number }).port;
    const { url } = await online();
    const host = new URL(url).host;
    const auth = { authorization: `Bearer ${token}` };
    const tries: [string, string][] = [
      ['GET', '/api/status'],
      ['GET', '/api/events'],
      ['POST', '/api/status.get'],
      ['POST', '/api/tunnel.reconnect'],
      ['GET', '/'],
      ['GET', `/api/status?port=${dashboardPort}`],
    ];
    for (const [method, path] of tries) {
      const answer = await relayRequest(relay.port, {
        host,
        method,
        path,
        headers: { ...auth, 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(JSON.parse(answer.body).message).toContain('Webhook addresses look like /h/<platform>/<token>');
    }
    expect(reached).toBe(0);
    // The counter works: a request to the dashboard itself is seen.
    const direct = await relayRequest(dashboardPort, { host: `127.0.0.1:${dashboardPort}`, path: '/api/status', headers: auth });
    expect(direct.status).toBe(200);
    expect(reached).toBe(1);
  });
});
