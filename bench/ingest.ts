// Ingest: unique signed ~2 KB Shopify orders at 10 and 100 connections for DURATION after a
// warm-up, against (a) a bare Fastify server that parses JSON and answers 200 (the ceiling) and
// (b) Hooktray's webhook listener with durable storage (WAL, synchronous=FULL, fsync before the
// 2xx) and recipe matching (runner paused so only ingest is measured). Load comes from wrk
// (apt-get install wrk); without it, autocannon stands in and the ceiling is the generator's.
// Run: npm run bench -- ingest
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import autocannon from 'autocannon';
import { startHooktray } from './lib/hooktray.ts';
import { signedOrder } from './lib/orders.ts';
import { spawnNode } from './lib/processes.ts';
import { printJsonLine, printTable, round } from './lib/report.ts';
import { hasWrk, prepareSignedOrders, runWrk, type WrkResult } from './lib/wrk.ts';

const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 2);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,100').split(',').map(Number);

let counter = 0;
async function autocannonLoad(url: string, connections: number, duration: number): Promise<WrkResult> {
  const r = await autocannon({
    url: new URL(url).origin,
    connections,
    duration,
    timeout: 10,
    requests: [{ method: 'POST', path: new URL(url).pathname, setupRequest: (req) => ({ ...req, ...signedOrder(++counter) }) }],
  });
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors + r.non2xx + r.timeouts,
    requests: r.requests.total,
  };
}

export async function runIngest(): Promise<void> {
  const wrk = hasWrk();
  if (!wrk) process.stderr.write('wrk not found (apt-get install wrk): using autocannon, whose own limit may be the "ceiling".\n');
  // Enough unique orders that no run repeats one (wrk cycles through them).
  const script = wrk ? prepareSignedOrders(30_000 * (DURATION_S + WARMUP_S)) : '';
  const load = (url: string, connections: number, seconds: number, from: number) =>
    wrk ? runWrk(url, script, connections, seconds, 1, from) : autocannonLoad(url, connections, seconds);
  const measure = async (url: string, connections: number) => {
    const warmUp = await load(url, connections, WARMUP_S, 0);
    // Past every order the warm-up sent, answered or still in flight when it stopped.
    const measured = await load(url, connections, DURATION_S, warmUp.requests + connections);
    return { ...measured, answered: warmUp.requests + measured.requests - warmUp.errors - measured.errors };
  };

  const rows: Record<string, string | number>[] = [];
  for (const connections of CONNECTIONS) {
    const ceilingServer = await spawnNode(['bench/ceiling-server.ts']);
    const ceiling = await measure(`http://127.0.0.1:${ceilingServer.ready.port as number}/h/shopify/x`, connections);
    await ceilingServer.stop();

    const hooktray = await startHooktray({ paused: true });
    const result = await measure(hooktray.webhooks.shopify!, connections);
    await hooktray.stop();
    // Every order answered 2xx must be a new stored delivery, or the figures include duplicates
    // (which store nothing) and flatter the durable path.
    const db = new DatabaseSync(join(hooktray.dataDir, 'hooktray.db'), { readOnly: true });
    const stored = (db.prepare('SELECT COUNT(*) AS n FROM deliveries').get() as { n: number }).n;
    db.close();
    if (stored < result.answered)
      throw new Error(`${result.answered} orders answered but only ${stored} stored: the load repeated orders, so these figures are not of durable writes.`);

    for (const [name, r] of [
      ['ceiling (bare Fastify)', ceiling],
      ['hooktray (durable)', result],
    ] as const) {
      rows.push({ server: name, connections, 'req/s': r.rps, 'p50 ms': round(r.p50), 'p99 ms': round(r.p99), 'max ms': round(r.max), errors: r.errors });
    }
    printJsonLine({
      bench: 'ingest',
      load: wrk ? 'wrk' : 'autocannon',
      connections,
      ceiling_rps: ceiling.rps,
      hooktray_rps: result.rps,
      ratio: round(result.rps / ceiling.rps, 3),
      ceiling_p50_ms: round(ceiling.p50),
      ceiling_p99_ms: round(ceiling.p99),
      p50_ms: round(result.p50),
      p99_ms: round(result.p99),
      max_ms: round(result.max),
      p99_ratio: round(result.p99 / Math.max(ceiling.p99, 0.001)),
      errors: result.errors,
    });
  }
  printTable(`Ingest: unique signed ~2 KB Shopify orders (${wrk ? 'wrk' : 'autocannon'}, ${DURATION_S} s after ${WARMUP_S} s warm-up)`, rows);
}

if (import.meta.main) await runIngest();
