import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startEngine } from '../helpers/engine.ts';
import { relayRequest, spawnRelay, type SpawnedRelay } from '../helpers/relay.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';
import { FAST_TUNNEL } from '../helpers/tunnel-timing.ts';

const FAST = FAST_TUNNEL;
const CLOCK_OFFSET = fileURLToPath(new URL('../support/clock-offset.mjs', import.meta.url));
const DAY = 86_400_000;

/** A name reserved by a Hooktray that then went away: its webhook address and name key. */
async function reservedName(relay: SpawnedRelay) {
  const { engine } = await startEngine(
    { sources: { shopify: { secret: SHOPIFY_SECRET } }, tunnel: { provider: 'localtunnel', host: relay.host } },
    { tunnel: { timing: FAST } },
  );
  const online = await waitUntil(
    () => {
      const s = engine.tunnel!.status;
      return s.state === 'online' ? s : undefined;
    },
    'online',
    20_000,
  );
  const key = Object.values(engine.currentSettings.tunnel.nameKeys!)[0]!;
  await engine.stop();
  const name = new URL(online.url).hostname.split('.')[0]!;
  const status = async (r: SpawnedRelay = relay) => {
    const answer = await relayRequest(r.port, {
      host: `127.0.0.1:${r.port}`,
      path: `/api/tunnels/${name}/status`,
      headers: { authorization: `Bearer ${key}` },
    });
    return answer.status === 200
      ? (JSON.parse(answer.body) as { connected_sockets: number; kept: { count: number; bytes: number; full: boolean } })
      : answer.status;
  };
  await waitUntil(async () => {
    const s = await status();
    return typeof s === 'object' && s.connected_sockets === 0;
  }, 'Hooktray gone');
  const url = new URL(online.publicWebhooks.shopify!);
  const send = (n: number, padding = 0) => {
    const body = JSON.stringify(shopifyOrder(n, padding ? { note: 'x'.repeat(padding) } : {}));
    return relayRequest(relay.port, { host: url.host, method: 'POST', path: url.pathname, headers: shopifyHeaders(body), body });
  };
  return { name, key, status, send };
}

describe('what the relay keeps per name is bounded (issue 14)', () => {
  it('answers 507 past --keep-max-count and --keep-max-mb, says so in its status and log, and a flood leaves the disk bounded', async () => {
    const dataDir = tempDir();
    const relay = await spawnRelay(['--data-dir', dataDir, '--grace', '1', '--keep-max-count', '5', '--keep-max-mb', '1']);
    const shop = await reservedName(relay);
    // Three of 300 kB fit in 1 MB; the fourth does not.
    for (let n = 1; n <= 3; n++) expect((await shop.send(n, 300_000)).status).toBe(200);
    const tooBig = await shop.send(4, 300_000);
    expect(tooBig.status).toBe(507);
    expect(JSON.parse(tooBig.body).message).toContain('until its Hooktray comes back');
    // Small ones fit until the count is reached.
    for (let n = 5; n <= 6; n++) expect((await shop.send(n)).status).toBe(200);
    const full = await shop.send(7);
    expect([full.status, full.headers['retry-after']]).toEqual([507, '300']);
    expect(await shop.status()).toMatchObject({ kept: { count: 5, full: true } });
    expect(relay.stderr.join('\n')).toContain('reached its keep limit');

    // A flood under the reserved name: 100 × 300 kB more, all refused, and the data folder stays small.
    for (let n = 0; n < 100; n++) expect((await shop.send(100 + n, 300_000)).status).toBe(507);
    const size = ['relay.db', 'relay.db-wal'].reduce((sum, f) => sum + (statSync(join(dataDir, f), { throwIfNoEntry: false })?.size ?? 0), 0);
    expect(size).toBeLessThan(4 * 1024 * 1024);
  });

  it('deletes what is older than --keep-days and frees names not claimed for --forget-after days, across restarts', async () => {
    const dataDir = tempDir();
    const args = ['--data-dir', dataDir, '--grace', '1', '--keep-days', '14', '--forget-after', '90'];
    let relay = await spawnRelay(args);
    const shop = await reservedName(relay);
    for (let n = 1; n <= 3; n++) expect((await shop.send(n)).status).toBe(200);
    const later = async (days: number) => {
      await relay.stop();
      relay = await spawnRelay(args, {
        port: relay.port,
        env: { NODE_OPTIONS: `--import=${CLOCK_OFFSET}`, HOOKTRAY_TEST_CLOCK_OFFSET_MS: String(days * DAY) },
      });
      return relay;
    };
    // A restart the same day keeps everything.
    expect(await shop.status(await later(0))).toMatchObject({ kept: { count: 3 } });
    // Fifteen days on: the name is still reserved, what was kept is gone, and the log says so.
    expect(await shop.status(await later(15))).toMatchObject({ connected_sockets: 0, kept: { count: 0 } });
    expect(relay.stderr.join('\n')).toContain('deleted 3 kept deliveries older than the keep period');
    // Ninety-one days unclaimed: the name is free again.
    expect(await shop.status(await later(91))).toBe(404);
    expect(relay.stderr.join('\n')).toContain('not claimed for 90 days');
  });
});
