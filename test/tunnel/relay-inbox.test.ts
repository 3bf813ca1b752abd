import { describe, expect, it } from 'vitest';
import { startEngine } from '../helpers/engine.ts';
import { relayRequest, spawnRelay, tunnelHost, type SpawnedRelay } from '../helpers/relay.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';
import { FAST_TUNNEL } from '../helpers/tunnel-timing.ts';

const FAST = FAST_TUNNEL;

async function engineBehind(relay: SpawnedRelay, dataDir: string, tunnel: Record<string, unknown> = {}) {
  const started = await startEngine(
    { sources: { shopify: { secret: SHOPIFY_SECRET } }, tunnel: { provider: 'localtunnel', host: relay.host, ...tunnel } },
    { dataDir, tunnel: { timing: FAST } },
  );
  const online = await waitUntil(
    () => {
      const s = started.engine.tunnel?.status;
      return s?.state === 'online' ? s : undefined;
    },
    'the tunnel to be online',
    20_000,
  );
  return { ...started, online, name: new URL(online.url).hostname.split('.')[0]! };
}

const kept = async (relay: SpawnedRelay, name: string, key: string) => {
  const answer = await relayRequest(relay.port, {
    host: `127.0.0.1:${relay.port}`,
    path: `/api/tunnels/${name}/status`,
    headers: { authorization: `Bearer ${key}` },
  });
  return JSON.parse(answer.body) as { connected_sockets: number; kept: { count: number; bytes: number; oldest?: string; full: boolean } };
};

function order(relay: SpawnedRelay, publicUrl: string, n: number) {
  const url = new URL(publicUrl);
  const body = JSON.stringify(shopifyOrder(n));
  return relayRequest(relay.port, { host: url.host, method: 'POST', path: url.pathname, headers: shopifyHeaders(body), body });
}

describe('the relay keeps deliveries while Hooktray is away (issue 14)', () => {
  it('keeps deliveries to a reserved name while its Hooktray is away and hands them over, marked relayed, once it is back', async () => {
    const relay = await spawnRelay(['--data-dir', tempDir(), '--grace', '1']);
    const dataDir = tempDir();
    const first = await engineBehind(relay, dataDir);
    const { name } = first;
    const shopifyUrl = first.online.publicWebhooks.shopify!;
    const nameKeys = first.engine.currentSettings.tunnel.nameKeys!;
    const key = Object.values(nameKeys)[0]!;
    await first.engine.stop();
    await waitUntil(async () => (await kept(relay, name, key)).connected_sockets === 0, 'Hooktray’s sockets to close');

    const answers = [];
    for (let n = 1; n <= 5; n++) answers.push(await order(relay, shopifyUrl, n));
    expect(answers.map((a) => [a.status, a.body])).toEqual(Array(5).fill([200, '{"kept":true}']));
    // A check is not kept (503 while away); an unknown name still gets 404 and stores nothing.
    const check = await relayRequest(relay.port, { host: new URL(shopifyUrl).host, path: new URL(shopifyUrl).pathname });
    expect(check.status).toBe(503);
    expect((await relayRequest(relay.port, { host: tunnelHost('nobody-here', relay.port), method: 'POST', path: '/h/shopify/x', body: '{}' })).status).toBe(
      404,
    );
    const status = await kept(relay, name, key);
    expect(status.kept).toMatchObject({ count: 5, full: false });
    expect(status.kept.bytes).toBeGreaterThan(5 * 500);
    // The status of what is kept needs the name key.
    expect(
      (
        await relayRequest(relay.port, {
          host: `127.0.0.1:${relay.port}`,
          path: `/api/tunnels/${name}/status`,
          headers: { authorization: `Bearer ${'x'.repeat(43)}` },
        })
      ).status,
    ).toBe(403);

    const second = await engineBehind(relay, dataDir, { nameKeys });
    expect(second.online).toMatchObject({ url: first.online.url, urlChanged: false });
    const db = second.engine.state.db;
    await waitUntil(() => (db.prepare('SELECT COUNT(*) AS n FROM deliveries').get() as { n: number }).n === 5, 'the five kept deliveries to arrive');
    const rows = db.prepare('SELECT origin, platform_id FROM deliveries ORDER BY id').all() as { origin: string; platform_id: string }[];
    expect(rows.every((r) => r.origin === 'relay')).toBe(true);
    const summaries = (db.prepare('SELECT summary FROM events').all() as { summary: string }[]).map((r) => r.summary).join(' ');
    for (let n = 1; n <= 5; n++) expect(summaries).toContain(`#${1000 + n}`);
    await waitUntil(async () => (await kept(relay, name, key)).kept.count === 0, 'the relay to delete what it handed over');
    // Live deliveries go straight through again.
    expect(JSON.parse((await order(relay, shopifyUrl, 6)).body)).toMatchObject({ ok: true, duplicate: false });
  });
});
