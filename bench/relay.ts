// The relay's always-on inbox: how fast it keeps deliveries for a Hooktray that is away (each on
// disk, synchronous=FULL, before its 200) against a bare node:http server that only answers, at
// 10 and 100 connections in the same run; then how fast it hands kept deliveries over to a
// Hooktray with one email recipe (a real SMTP server on loopback).
// Bounded: a 1 s warm-up and BENCH_DURATION_S (default 5) seconds per measurement, and
// BENCH_HANDOVER (default 2000) deliveries handed over.
// Run: node bench/relay.ts   (or npm run bench -- relay)
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { SHOPIFY_SECRET } from '../test/helpers/shopify.ts';
import { startSmtp } from '../test/helpers/smtp.ts';
import { signedOrder } from './lib/orders.ts';
import { ROOT, scratchDir, spawnNode, type Spawned } from './lib/processes.ts';
import { printJsonLine, printTable, round } from './lib/report.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const HANDOVER = Number(process.env.BENCH_HANDOVER ?? 2000);
const UNBOUNDED = ['--keep-max-count', '10000000', '--keep-max-mb', '100000'];

let counter = 0;
async function load(port: number, host: string, path: string, connections: number, seconds: number, amount?: number) {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    ...(amount ? { amount } : { duration: seconds }),
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path,
        setupRequest: (req) => {
          const order = signedOrder(++counter);
          return { ...req, body: order.body, headers: { ...order.headers, host } };
        },
      },
    ],
  });
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts, total: r.requests.total };
}

/** `hooktray serve` behind the relay; resolves once the tunnel is online. */
function startHooktray(dataDir: string, settings: Record<string, unknown>): Promise<{ public: string; stop: () => void }> {
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings));
  const child = spawn(process.execPath, ['electron/cli.ts', 'serve', '--data-dir', dataDir, '--port', '0', '--json', '--no-dashboard'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, HOOKTRAY_LOG_LEVEL: 'warn' },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the tunnel did not come online within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as { event: string; status?: string; public?: Record<string, string> };
      if (line.event === 'tunnel' && line.status === 'online') {
        clearTimeout(timer);
        resolve({ public: line.public!.shopify!, stop: () => child.kill('SIGTERM') });
      }
    });
  });
}

async function keptCount(relayPort: number, name: string, key: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${relayPort}/api/tunnels/${name}/status`, { headers: { authorization: `Bearer ${key}` } });
  return ((await res.json()) as { kept: { count: number } }).kept.count;
}

/** A relay with a name reserved by a Hooktray that has gone away: where to send, and the name key. */
async function relayWithReservedName(hooktrayDir: string, settings: Record<string, unknown>) {
  const relay = await spawnNode([
    'electron/cli.ts',
    'relay',
    '--port',
    '0',
    '--json',
    '--data-dir',
    scratchDir('hooktray-bench-relay-'),
    '--grace',
    '1',
    ...UNBOUNDED,
  ]);
  const port = relay.ready.port as number;
  const first = await startHooktray(hooktrayDir, { ...settings, tunnel: { provider: 'localtunnel', host: `http://127.0.0.1:${port}` } });
  first.stop();
  const stored = JSON.parse(readFileSync(join(hooktrayDir, 'settings.json'), 'utf8')) as { tunnel: { nameKeys: Record<string, string> } };
  const key = Object.values(stored.tunnel.nameKeys)[0]!;
  const url = new URL(first.public);
  const name = url.hostname.split('.')[0]!;
  // Until the relay has seen it go, a delivery would wait for its sockets instead of being kept.
  for (
    let i = 0;
    i < 200 && ((await (await fetch(`http://127.0.0.1:${port}/api/tunnels/${name}/status`)).json()) as { connected_sockets: number }).connected_sockets > 0;
    i++
  )
    await new Promise((r) => setTimeout(r, 50));
  return { relay, port, name, key, host: url.host, path: url.pathname, tunnel: stored.tunnel };
}

export async function runRelay(): Promise<void> {
  const settings = { sources: { shopify: { secret: SHOPIFY_SECRET } } };
  const bare = await spawnNode(['bench/bare-http-server.mjs']);
  const spawned: Spawned[] = [bare];
  try {
    const kept = await relayWithReservedName(scratchDir('hooktray-bench-hooktray-'), settings);
    spawned.push(kept.relay);
    const rows = [];
    const json: Record<string, unknown> = { bench: 'relay', seconds: DURATION_S };
    for (const connections of [10, 100]) {
      await load(bare.ready.port as number, kept.host, kept.path, connections, 1);
      const b = await load(bare.ready.port as number, kept.host, kept.path, connections, DURATION_S);
      await load(kept.port, kept.host, kept.path, connections, 1);
      const k = await load(kept.port, kept.host, kept.path, connections, DURATION_S);
      rows.push({ connections, server: 'bare node:http (answers only)', 'req/s': b.rps, 'p50 ms': round(b.p50), 'p99 ms': round(b.p99), errors: b.errors });
      rows.push({
        connections,
        server: 'relay, kept on disk',
        'req/s': k.rps,
        'p50 ms': round(k.p50),
        'p99 ms': round(k.p99),
        errors: k.errors,
        'of bare': `${Math.round((k.rps / b.rps) * 100)}%`,
      });
      Object.assign(json, {
        [`bare_rps_${connections}`]: b.rps,
        [`kept_rps_${connections}`]: k.rps,
        [`kept_p99_ms_${connections}`]: k.p99,
        [`kept_errors_${connections}`]: k.errors,
      });
    }
    printTable(`Keeping deliveries while Hooktray is away (~2 KB signed Shopify orders, ${DURATION_S} s each)`, rows);

    // Handover: a fresh relay keeps HANDOVER deliveries, then Hooktray (one email recipe) comes back.
    const smtp = await startSmtp();
    const hooktrayDir = scratchDir('hooktray-bench-handover-');
    const withEmail = {
      ...settings,
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Shop <shop@example.com>' },
      recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
    };
    const away = await relayWithReservedName(hooktrayDir, withEmail);
    spawned.push(away.relay);
    await load(away.port, away.host, away.path, 10, 0, HANDOVER);
    const before = await keptCount(away.port, away.name, away.key);
    const startedAt = performance.now();
    const back = await startHooktray(hooktrayDir, { ...withEmail, tunnel: away.tunnel });
    const onlineAt = performance.now();
    while ((await keptCount(away.port, away.name, away.key)) > 0) await new Promise((r) => setTimeout(r, 20));
    const handedAt = performance.now();
    await smtp.waitFor(before, 300_000);
    const mailedAt = performance.now();
    back.stop();
    await smtp.stop();
    const handoverRate = Math.round(before / ((handedAt - onlineAt) / 1000));
    printTable(`Handing ${before} kept deliveries over to Hooktray (one email recipe)`, [
      { step: 'start to tunnel online', seconds: round((onlineAt - startedAt) / 1000), 'deliveries/s': '' },
      { step: 'all handed over', seconds: round((handedAt - onlineAt) / 1000), 'deliveries/s': handoverRate },
      { step: 'all emails sent', seconds: round((mailedAt - onlineAt) / 1000), 'deliveries/s': Math.round(before / ((mailedAt - onlineAt) / 1000)) },
    ]);
    printJsonLine({ ...json, handover: before, handover_per_s: handoverRate, emails_per_s: Math.round(before / ((mailedAt - onlineAt) / 1000)) });
  } finally {
    for (const s of spawned) await s.stop();
  }
}

if (import.meta.main) await runRelay();
