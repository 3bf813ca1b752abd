import localtunnel from 'localtunnel';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startEngine } from '../helpers/engine.ts';
import { captureTunnelLeg } from '../helpers/leg-capture.ts';
import { relayRequest, spawnRelay, type SpawnedRelay } from '../helpers/relay.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { selfSignedCert } from '../helpers/tls-cert.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';
import { FAST_TUNNEL } from '../helpers/tunnel-timing.ts';

const FAST = FAST_TUNNEL;

async function engineBehind(host: string, tunnel: Record<string, unknown> = {}) {
  const started = await startEngine(
    { sources: { shopify: { secret: SHOPIFY_SECRET } }, tunnel: { provider: 'localtunnel', host, ...tunnel } },
    { tunnel: { timing: FAST } },
  );
  const status = () => started.engine.tunnel!.status;
  return {
    ...started,
    status,
    online: () =>
      waitUntil(
        () => {
          const s = status();
          return s.state === 'online' ? s : undefined;
        },
        'the tunnel to be online',
        20_000,
      ),
  };
}

function order(relay: SpawnedRelay, publicUrl: string, n: number) {
  const url = new URL(publicUrl);
  const body = JSON.stringify(shopifyOrder(n));
  return relayRequest(relay.port, { host: url.host, method: 'POST', path: url.pathname, headers: shopifyHeaders(body), body });
}

describe('the leg between Hooktray and its relay (issue 14)', () => {
  it('is TLS with our relay: a capture of the leg shows neither the orders’ email addresses nor the name key, live or handed over', async () => {
    const cert = selfSignedCert();
    const relay = await spawnRelay(['--tls-cert', cert.cert, '--tls-key', cert.key, '--require-tls', '--data-dir', tempDir(), '--grace', '1']);
    expect(relay.lines[0]).toMatchObject({ tls: true, fingerprint: cert.fingerprint });
    const leg = await captureTunnelLeg(relay.port);
    const dataDir = tempDir();
    const first = await startEngine(
      { sources: { shopify: { secret: SHOPIFY_SECRET } }, tunnel: { provider: 'localtunnel', host: leg.host, fingerprint: cert.fingerprint } },
      { dataDir, tunnel: { timing: FAST } },
    );
    const online = await waitUntil(
      () => {
        const s = first.engine.tunnel!.status;
        return s.state === 'online' ? s : undefined;
      },
      'online over TLS',
      20_000,
    );
    expect(JSON.parse((await order(relay, online.publicWebhooks.shopify!, 1)).body)).toMatchObject({ ok: true });
    const tunnelSettings = first.engine.currentSettings.tunnel;
    const nameKey = Object.values(tunnelSettings.nameKeys!)[0]!;
    await first.engine.stop();
    // Kept while away, then handed over through the leg when Hooktray is back.
    expect((await order(relay, online.publicWebhooks.shopify!, 2)).body).toBe('{"kept":true}');
    const second = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } }, tunnel: tunnelSettings }, { dataDir, tunnel: { timing: FAST } });
    await waitUntil(() => (second.engine.state.db.prepare('SELECT COUNT(*) AS n FROM deliveries').get() as { n: number }).n === 2, 'both orders at Hooktray');

    expect(leg.bytes()).toBeGreaterThan(2 * JSON.stringify(shopifyOrder(1)).length);
    for (const n of [1, 2]) expect(leg.text()).not.toContain(`buyer${n}@example.com`);
    expect(leg.text()).not.toContain(nameKey);
    expect(leg.text()).not.toContain('HOOKTRAY-TUNNEL/1');
  });

  it('in plain TCP (a relay without a certificate), the same capture does show them: the check above can see', async () => {
    const relay = await spawnRelay();
    const leg = await captureTunnelLeg(relay.port);
    const { online } = await engineBehind(leg.host);
    const { publicWebhooks } = await online();
    expect((await order(relay, publicWebhooks.shopify!, 3)).status).toBe(200);
    expect(leg.text()).toContain('buyer3@example.com');
    expect(leg.text()).toContain('HOOKTRAY-TUNNEL/1');
  });

  it('refuses a certificate other than the pinned one, and a relay that does not encrypt when a fingerprint is set', async () => {
    const cert = selfSignedCert();
    const other = selfSignedCert();
    const relay = await spawnRelay(['--tls-cert', cert.cert, '--tls-key', cert.key]);
    const wrong = await engineBehind(relay.host, { fingerprint: other.fingerprint });
    const down = await waitUntil(() => {
      const s = wrong.status();
      return s.state === 'reconnecting' ? s : undefined;
    }, 'the pinned certificate to be refused');
    expect(down.detail).toContain('is not the one set in tunnel.fingerprint');
    expect(down.reason).toContain('certificate this computer does not trust');

    const plain = await spawnRelay();
    const unencrypted = await engineBehind(plain.host, { fingerprint: cert.fingerprint });
    const refused = await waitUntil(() => {
      const s = unencrypted.status();
      return s.state === 'reconnecting' ? s : undefined;
    }, 'the plain relay to be refused');
    expect(refused.detail).toContain('does not encrypt the tunnel');
  });

  it('serves the stock localtunnel client in plain TCP without --require-tls, and refuses it with --require-tls', async () => {
    const cert = selfSignedCert();
    const open = await spawnRelay(['--tls-cert', cert.cert, '--tls-key', cert.key]);
    const app = await import('node:http').then(({ createServer }) => createServer((_req, res) => res.writeHead(201).end('ok')));
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    onTestFinished(() => {
      app.closeAllConnections();
      app.close();
    });
    const tunnel = await localtunnel({ port: (app.address() as { port: number }).port, host: open.host, subdomain: 'stock-shop' });
    tunnel.on('error', () => {});
    onTestFinished(() => tunnel.close());
    await waitUntil(
      async () => (await relayRequest(open.port, { host: `stock-shop.localhost:${open.port}`, path: '/x' })).status === 201,
      'the stock client to carry a request',
    );

    const strict = await spawnRelay(['--tls-cert', cert.cert, '--tls-key', cert.key, '--require-tls']);
    const refused = await relayRequest(strict.port, { host: `127.0.0.1:${strict.port}`, path: '/stock-shop' });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).message).toContain('accepts only encrypted tunnels');
  });
});
