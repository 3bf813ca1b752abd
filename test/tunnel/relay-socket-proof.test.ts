import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnServe } from '../helpers/cli.ts';
import { startEngine } from '../helpers/engine.ts';
import { rawTunnelSocket, tunnelPortFromLog } from '../helpers/raw-socket.ts';
import { relayRequest, spawnRelay, tunnelHost, type SpawnedRelay } from '../helpers/relay.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';
import { FAST_TUNNEL } from '../helpers/tunnel-timing.ts';

const FAST = FAST_TUNNEL;
const SECRET = 'test-relay-secret-0123456789';
const FORGED_HELLO = `HOOKTRAY-TUNNEL/1 ${'A'.repeat(43)} -\n`;

const status = async (relay: SpawnedRelay, name: string) => {
  const answer = await relayRequest(relay.port, { host: `127.0.0.1:${relay.port}`, path: `/api/tunnels/${name}/status` });
  return answer.status === 200 ? (JSON.parse(answer.body) as { connected_sockets: number }).connected_sockets : undefined;
};
const register = (relay: SpawnedRelay, path: string, headers: Record<string, string> = {}) =>
  relayRequest(relay.port, { host: `127.0.0.1:${relay.port}`, path, headers });

function signedDelivery(relay: SpawnedRelay, publicUrl: string, n: number) {
  const url = new URL(publicUrl);
  const body = JSON.stringify(shopifyOrder(n));
  return relayRequest(relay.port, { host: url.host, method: 'POST', path: url.pathname, headers: shopifyHeaders(body), body });
}

async function engineBehind(relay: SpawnedRelay, dataDir = tempDir(), extra: Record<string, unknown> = {}) {
  const { engine, ...rest } = await startEngine(
    { sources: { shopify: { secret: SHOPIFY_SECRET } }, ...extra },
    { dataDir, tunnel: { provider: 'localtunnel', host: relay.host, timing: FAST } },
  );
  const online = () =>
    waitUntil(
      () => {
        const s = engine.tunnel?.status;
        return s?.state === 'online' ? s : undefined;
      },
      'the tunnel to be online',
      20_000,
    );
  return { engine, ...rest, online };
}

describe('relay tunnel ports: a socket must come from the registering address and prove the name (issue 17, item 3)', () => {
  it('after Hooktray is killed, raw sockets to its tunnel port get none of its deliveries and do not hold its name past --grace', async () => {
    const relay = await spawnRelay(['--grace', '1']);
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ sources: { shopify: { secret: SHOPIFY_SECRET } } }));
    const serve = await spawnServe(dataDir, ['--tunnel', 'localtunnel', '--tunnel-host', relay.host]);
    const online = (await serve.waitForLine((l) => l.event === 'tunnel' && l.status === 'online', 'tunnel online')) as {
      url: string;
      public: Record<string, string>;
    };
    const name = new URL(online.url).hostname.split('.')[0]!;
    const port = await waitUntil(() => tunnelPortFromLog(relay.stderr, name), 'the tunnel port in the relay log');
    await waitUntil(async () => (await status(relay, name)) === 10, 'ten proven sockets');

    serve.child.kill('SIGKILL');
    await waitUntil(async () => (await status(relay, name)) === 0, 'Hooktray’s sockets to drop');
    // An intruder on the same machine with a made-up proof, one from another address, one that says nothing.
    const forged = rawTunnelSocket(port, { firstLine: FORGED_HELLO });
    const elsewhere = rawTunnelSocket(port, { from: '127.0.0.2' });
    const silent = rawTunnelSocket(port);
    await Promise.all([forged.closed, elsewhere.closed]);
    expect(forged.received()).toMatch(/^NO .*socket key/);
    expect(elsewhere.received()).toBe('');

    // None of them holds the name: it is freed after the grace, and a delivery is not answered by them.
    await waitUntil(async () => (await status(relay, name)) === undefined, 'the name to be freed after --grace');
    const delivery = await signedDelivery(relay, online.public.shopify!, 1);
    expect(delivery.status).toBe(404);
    expect(silent.received()).toBe(''); // never handed a request while it owed its proof
  });

  it('binds a stock client’s tunnel (relay without a secret) to the address that registered it', async () => {
    const relay = await spawnRelay();
    const { port } = JSON.parse((await register(relay, '/stock-shop')).body) as { port: number };
    const elsewhere = rawTunnelSocket(port, { from: '127.0.0.2' });
    await elsewhere.closed;
    expect(await status(relay, 'stock-shop')).toBe(0);
    const owner = rawTunnelSocket(port);
    await waitUntil(async () => (await status(relay, 'stock-shop')) === 1, 'the owner’s socket');
    const answer = await relayRequest(relay.port, { host: tunnelHost('stock-shop', relay.port), path: '/x' });
    expect(answer.status).toBe(200);
    expect(owner.received()).toMatch(/^GET \/x HTTP\/1\.1/);
    expect(elsewhere.received()).toBe('');
  });

  it('with a secret, refuses the stock client (it cannot prove its sockets) and serves Hooktray, whose sockets do', async () => {
    const relay = await spawnRelay([], { secret: SECRET });
    const stock = await register(relay, `/${SECRET}/stock-shop`);
    expect(stock.status).toBe(403);
    expect(JSON.parse(stock.body).message).toContain('The stock localtunnel client can use a relay started without --secret');

    const { online } = await engineBehind(relay);
    const { url, publicWebhooks } = await online();
    const name = new URL(url).hostname.split('.')[0]!;
    expect((await signedDelivery(relay, publicWebhooks.shopify!, 1)).status).toBe(200);
    // A registration of our own gives a socket key; that key alone from this address is not the name key.
    const mine = JSON.parse((await register(relay, `/${SECRET}/?new`, { 'x-hooktray-tunnel': '1' })).body) as { id: string; port: number; socket_key: string };
    const port = await waitUntil(() => tunnelPortFromLog(relay.stderr, name), 'the tunnel port');
    const borrowed = rawTunnelSocket(port, { firstLine: `HOOKTRAY-TUNNEL/1 ${mine.socket_key} -\n` });
    await borrowed.closed;
    expect(borrowed.received()).toMatch(/^NO /);
    expect(await status(relay, name)).toBe(10);
  });
});

describe('relay names belong to their first claimer (issue 17, item 4)', () => {
  it('another holder of the relay secret cannot take a connected name; the owner gets it back at once with its name key', async () => {
    const relay = await spawnRelay([], { secret: SECRET });
    const dataDir = tempDir();
    const first = await engineBehind(relay, dataDir);
    const { url, publicWebhooks } = await first.online();
    const name = new URL(url).hostname.split('.')[0]!;
    await waitUntil(async () => (await status(relay, name)) === 10, 'the owner’s sockets');

    // Someone else with the secret asks for the name, as Hooktray would, with and without a made-up key id.
    const asks: Record<string, string>[] = [{ 'x-hooktray-tunnel': '1' }, { 'x-hooktray-tunnel': '1', 'x-hooktray-name-key-id': 'B'.repeat(43) }];
    for (const headers of asks) {
      const other = JSON.parse((await register(relay, `/${SECRET}/${name}`, headers)).body) as { id: string };
      expect(other.id).not.toBe(name);
    }
    expect(await status(relay, name)).toBe(10);
    expect((await signedDelivery(relay, publicWebhooks.shopify!, 1)).status).toBe(200);
    expect(first.engine.state.db.prepare('SELECT COUNT(*) AS n FROM deliveries').get()).toEqual({ n: 1 });

    // The owner restarts (its settings keep the name key): same name, long before the 30 s grace ends.
    const settings = first.engine.currentSettings;
    expect(Object.keys(settings.tunnel.nameKeys ?? {})).toEqual([`http://127.0.0.1:${relay.port}/${name}`]);
    await first.engine.stop();
    const second = await engineBehind(relay, dataDir, { tunnel: settings.tunnel });
    expect(await second.online()).toMatchObject({ url, urlChanged: false });
  });
});
