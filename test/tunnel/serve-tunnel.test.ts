import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { spawnCli, spawnServe } from '../helpers/cli.ts';
import { relayRequest, spawnRelay } from '../helpers/relay.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';

type Line = Record<string, unknown>;
const isTunnel = (state: string) => (l: Line) => l.event === 'tunnel' && l.status === state;

describe('hooktray serve --tunnel', () => {
  it('prints the ready line first, then a tunnel line per change; a delivery through the relay is stored', async () => {
    const relay = await spawnRelay();
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ sources: { shopify: { secret: SHOPIFY_SECRET } } }));
    const serve = await spawnServe(dataDir, ['--tunnel', 'localtunnel', '--tunnel-host', relay.host]);
    expect(serve.lines[0]).toMatchObject({ event: 'ready' });
    const online = (await serve.waitForLine(isTunnel('online'), 'tunnel online')) as { url: string; public: Record<string, string>; urlChanged: boolean };
    expect(serve.lines.findIndex(isTunnel('connecting'))).toBeLessThan(serve.lines.findIndex(isTunnel('online')));
    expect(online.url).toMatch(new RegExp(`^http://ht[a-z0-9]{12}\\.localhost:${relay.port}$`));
    expect(online.urlChanged).toBe(false);
    expect(online.public.shopify).toBe(`${online.url}${new URL(serve.ready.webhooks.shopify!).pathname}`);

    const target = new URL(online.public.shopify!);
    const body = JSON.stringify(shopifyOrder(7));
    const answer = await relayRequest(relay.port, { host: target.host, method: 'POST', path: target.pathname, headers: shopifyHeaders(body), body });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, duplicate: false });

    // The relay goes away and comes back: reconnecting, then online at the same URL.
    await relay.stop();
    const down = await serve.waitForLine(isTunnel('reconnecting'), 'tunnel reconnecting');
    expect(down).toMatchObject({ reason: expect.any(String), nextTryAt: expect.any(String), public: {} });
    await spawnRelay([], { port: relay.port });
    await serve.waitForLine((l) => isTunnel('online')(l) && serve.lines.indexOf(l) > serve.lines.indexOf(down), 'tunnel online again');
    expect(serve.lines.filter(isTunnel('online')).map((l) => l.url)).toEqual([online.url, online.url]);

    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
    const db = new DatabaseSync(join(dataDir, 'hooktray.db'), { readOnly: true });
    const stored = db.prepare('SELECT body FROM deliveries').all() as { body: Uint8Array }[];
    db.close();
    expect(stored.map((r) => Buffer.from(r.body).toString())).toEqual([body]);
    // A relay process and a serve process: a minute, for a machine busy with other work.
  }, 60_000);

  it('with --tunnel none says offline once and opens nothing', async () => {
    const serve = await spawnServe(tempDir());
    const line = await serve.waitForLine((l) => l.event === 'tunnel', 'tunnel line');
    expect(line).toMatchObject({ status: 'offline', public: {} });
    // The owner's words in reason; the switch that did it (for whoever reads the JSON) in detail.
    expect(String(line.reason)).toContain('The public address is turned off');
    expect(line.detail).toBe('started with --tunnel none');
  });

  it('refuses an unknown provider or a host that is not a URL, naming the flag', async () => {
    for (const [args, flag] of [
      [['--tunnel', 'ngrok'], '--tunnel must be one of localtunnel, none'],
      [['--tunnel-host', 'relay.example.com'], '--tunnel-host must be'],
    ] as const) {
      const cli = spawnCli(['serve', '--data-dir', tempDir(), '--port', '0', ...args]);
      expect((await cli.exited).code).toBe(2);
      expect(cli.stderr.join('\n')).toContain(flag);
    }
  });
});
