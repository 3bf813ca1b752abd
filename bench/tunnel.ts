// Tunnel overhead: the same signed ~2 KB Shopify orders sent to Hooktray's webhook listener
// directly, and through `hooktray relay` + the stock localtunnel client (the path a platform's
// delivery takes), in one run. Runner paused, so only receiving (durable storage) is measured.
// Bounded: a 1 s warm-up and BENCH_DURATION_S (default 5) seconds per side.
// Run: node bench/tunnel.ts   (or npm run bench -- tunnel)
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { SHOPIFY_SECRET } from '../test/helpers/shopify.ts';
import { signedOrder } from './lib/orders.ts';
import { ROOT, spawnNode, scratchDir } from './lib/processes.ts';
import { printJsonLine, printTable, round } from './lib/report.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

let counter = 0;
async function load(origin: string, path: string, host: string | undefined, seconds: number) {
  const r = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path,
        setupRequest: (req) => {
          const order = signedOrder(++counter);
          return { ...req, body: order.body, headers: { ...order.headers, ...(host ? { host } : {}) } };
        },
      },
    ],
  });
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts, total: r.requests.total };
}

/** `hooktray serve` behind the relay; resolves with its local and public Shopify addresses once online. */
function startServeBehind(relayHost: string): Promise<{ local: string; public: string; stop: () => void }> {
  const dataDir = scratchDir('hooktray-bench-tunnel-');
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ paused: true, sources: { shopify: { secret: SHOPIFY_SECRET } } }));
  const child = spawn(
    process.execPath,
    ['electron/cli.ts', 'serve', '--data-dir', dataDir, '--port', '0', '--json', '--tunnel', 'localtunnel', '--tunnel-host', relayHost],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, HOOKTRAY_LOG_LEVEL: 'warn' } },
  );
  let local = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the tunnel did not come online within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as { event: string; status?: string; webhooks?: Record<string, string>; public?: Record<string, string> };
      if (line.event === 'ready') local = line.webhooks!.shopify!;
      if (line.event === 'tunnel' && line.status === 'online') {
        clearTimeout(timer);
        resolve({ local, public: line.public!.shopify!, stop: () => child.kill('SIGTERM') });
      }
    });
  });
}

export async function runTunnel(): Promise<void> {
  const relay = await spawnNode(['electron/cli.ts', 'relay', '--port', '0', '--json']);
  const relayPort = relay.ready.port as number;
  const serve = await startServeBehind(`http://127.0.0.1:${relayPort}`);
  try {
    const direct = new URL(serve.local);
    const viaRelay = new URL(serve.public);
    const relayOrigin = `http://127.0.0.1:${relayPort}`;
    await load(direct.origin, direct.pathname, undefined, 1);
    const d = await load(direct.origin, direct.pathname, undefined, DURATION_S);
    await load(relayOrigin, viaRelay.pathname, viaRelay.host, 1);
    const t = await load(relayOrigin, viaRelay.pathname, viaRelay.host, DURATION_S);
    printTable(`Deliveries, ${CONNECTIONS} connections, ${DURATION_S} s each`, [
      { path: 'direct', 'req/s': d.rps, 'p50 ms': round(d.p50), 'p99 ms': round(d.p99), errors: d.errors, requests: d.total },
      { path: 'through relay', 'req/s': t.rps, 'p50 ms': round(t.p50), 'p99 ms': round(t.p99), errors: t.errors, requests: t.total },
    ]);
    printJsonLine({
      bench: 'tunnel',
      connections: CONNECTIONS,
      seconds: DURATION_S,
      direct_rps: d.rps,
      relay_rps: t.rps,
      direct_p50_ms: d.p50,
      relay_p50_ms: t.p50,
      direct_p99_ms: d.p99,
      relay_p99_ms: t.p99,
      errors: d.errors + t.errors,
    });
  } finally {
    serve.stop();
    await relay.stop();
  }
}

if (import.meta.main) await runTunnel();
