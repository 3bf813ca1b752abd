// Ingest: signed ~2 KB Shopify orders at 10 and 100 connections, (a) a bare Fastify server that
// parses JSON (the ceiling) and (b) Hooktray's webhook listener with durable storage and recipe
// matching (runner paused so only ingest is measured). Run: npm run bench -- ingest
import autocannon from 'autocannon';
import { startHooktray } from './lib/hooktray.ts';
import { signedOrder } from './lib/orders.ts';
import { spawnNode } from './lib/processes.ts';
import { printJsonLine, printTable, round } from './lib/report.ts';

const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 2);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,100').split(',').map(Number);

let counter = 0;
async function load(url: string, connections: number, duration: number) {
  const path = new URL(url).pathname;
  return autocannon({
    url: new URL(url).origin,
    connections,
    duration,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path,
        setupRequest: (req) => {
          const { body, headers } = signedOrder(++counter);
          return { ...req, body, headers };
        },
      },
    ],
  });
}

async function measure(url: string, connections: number) {
  await load(url, connections, WARMUP_S);
  return load(url, connections, DURATION_S);
}

export async function runIngest(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  for (const connections of CONNECTIONS) {
    const ceiling = await spawnNode(['bench/ceiling-server.ts']);
    const ceilingResult = await measure(`http://127.0.0.1:${ceiling.ready.port as number}/h/shopify/x`, connections);
    await ceiling.stop();

    const hooktray = await startHooktray({ paused: true });
    const result = await measure(hooktray.webhooks.shopify!, connections);
    await hooktray.stop();

    const ratio = result.requests.average / ceilingResult.requests.average;
    for (const [name, r] of [['ceiling (bare Fastify)', ceilingResult], ['hooktray (durable)', result]] as const) {
      rows.push({ server: name, connections, 'req/s': Math.round(r.requests.average), 'p50 ms': r.latency.p50, 'p99 ms': r.latency.p99, 'max ms': r.latency.max, errors: r.errors + r.non2xx + r.timeouts });
    }
    printJsonLine({
      bench: 'ingest',
      connections,
      ceiling_rps: Math.round(ceilingResult.requests.average),
      hooktray_rps: Math.round(result.requests.average),
      ratio: round(ratio, 3),
      ceiling_p50_ms: ceilingResult.latency.p50,
      ceiling_p99_ms: ceilingResult.latency.p99,
      p50_ms: result.latency.p50,
      p99_ms: result.latency.p99,
      max_ms: result.latency.max,
      p99_ratio: round(result.latency.p99 / Math.max(ceilingResult.latency.p99, 0.001), 2),
      errors: result.errors + result.non2xx + result.timeouts,
    });
  }
  printTable('Ingest: signed ~2 KB Shopify orders', rows);
}

if (import.meta.main) await runIngest();
