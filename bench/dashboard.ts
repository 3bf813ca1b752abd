// The dashboard's cost over the engine: activity queries over 100k stored events through
// POST /api/activity.list (HTTP + JSON + token check), beside the same handler called directly;
// and how long a delivery takes to reach an open event stream (what "appears live" means),
// beside the webhook's own answer. Run: npm run bench -- dashboard
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDashboard } from '../electron/cli/dashboard.ts';
import { Engine } from '../electron/engine/engine.ts';
import { createLogger } from '../electron/engine/log/logger.ts';
import { JsonSettingsFile } from '../electron/engine/settings/json-settings-file.ts';
import { seedJournal } from '../test/helpers/seed-journal.ts';
import { SHOPIFY_SECRET } from '../test/helpers/shopify.ts';
import { signedOrder } from './lib/orders.ts';
import { percentile, printJsonLine, printTable, round } from './lib/report.ts';
import { scratchDir } from './lib/processes.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const QUERIES = 300;
const LIVE = 200;

async function samples(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

export async function runDashboard(): Promise<void> {
  const dataDir = scratchDir('hooktray-dash-');
  seedJournal(
    dataDir,
    EVENTS,
    (i) => ({ source: 'shopify', summary: `Order #${10_000 + i} from Customer ${i}, 20.00 EUR`, recipe: 'shopify-order-email' }),
    "CASE id % 5 WHEN 0 THEN 'failed' ELSE 'succeeded' END",
  );
  const settingsPath = join(dataDir, 'settings.json');
  // Paused: the bench measures reads and the live stream, not the runner.
  writeFileSync(settingsPath, JSON.stringify({ paused: true, sources: { shopify: { secret: SHOPIFY_SECRET } } }));
  const logger = createLogger({ level: 'warn' });
  const engine = new Engine({ dataDir, settings: new JsonSettingsFile(settingsPath), logger, listen: { host: '127.0.0.1', port: 0 }, autoCatchUp: false });
  const started = await engine.start();
  const dashboard = await startDashboard(engine, { port: 0, logger });
  const url = new URL(dashboard.url);
  const token = url.hash.replace('#token=', '');
  const overHttp = async (args: object) =>
    (
      await fetch(`${url.origin}/api/activity.list`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      })
    ).json();

  const cases: [string, object][] = [
    ['newest 100', { limit: 100 }],
    ['failed only', { status: 'failed', limit: 100 }],
    ['search one order number', { search: '#22345' }],
    ['deep page (middle)', { beforeId: Math.floor(EVENTS / 2), limit: 100 }],
  ];
  const rows: Record<string, string | number>[] = [];
  for (const [name, args] of cases) {
    const direct = await samples(QUERIES, () => engine.api['activity.list'](args));
    const http = await samples(QUERIES, () => overHttp(args));
    rows.push({
      query: name,
      'direct p50 ms': round(percentile(direct, 50), 3),
      'direct p99 ms': round(percentile(direct, 99), 3),
      'http p50 ms': round(percentile(http, 50), 3),
      'http p99 ms': round(percentile(http, 99), 3),
    });
  }
  printTable(`activity.list over ${EVENTS.toLocaleString('en')} events: engine handler (baseline) vs POST /api/activity.list (${QUERIES} each)`, rows);
  for (const r of rows)
    printJsonLine({
      bench: 'dashboard',
      events: EVENTS,
      query: r.query,
      direct_p50_ms: r['direct p50 ms'],
      direct_p99_ms: r['direct p99 ms'],
      http_p50_ms: r['http p50 ms'],
      http_p99_ms: r['http p99 ms'],
    });

  // Live: one delivery at a time; the stream's "delivery" event vs the webhook's 200.
  const controller = new AbortController();
  const stream = await fetch(`${url.origin}/api/events?token=${token}`, { signal: controller.signal });
  const reader = stream.body!.getReader();
  let buffered = '';
  const nextDelivery = async () => {
    for (;;) {
      const at = buffered.indexOf('event: delivery');
      if (at >= 0) {
        const end = buffered.indexOf('\n\n', at);
        if (end >= 0) {
          buffered = buffered.slice(end + 2);
          return;
        }
      }
      buffered += new TextDecoder().decode((await reader.read()).value);
    }
  };
  const ack: number[] = [];
  const live: number[] = [];
  for (let i = 0; i < LIVE; i++) {
    const { body, headers } = signedOrder(500_000 + i);
    const t0 = performance.now();
    const seen = nextDelivery().then(() => performance.now() - t0);
    const res = await fetch(started.webhooks.shopify, { method: 'POST', headers, body });
    ack.push(performance.now() - t0);
    await res.arrayBuffer();
    live.push(await seen);
  }
  controller.abort();
  ack.sort((a, b) => a - b);
  live.sort((a, b) => a - b);
  const liveRows = [
    { measure: 'baseline: webhook answered 200', 'p50 ms': round(percentile(ack, 50), 3), 'p99 ms': round(percentile(ack, 99), 3) },
    { measure: 'delivery event on the open stream', 'p50 ms': round(percentile(live, 50), 3), 'p99 ms': round(percentile(live, 99), 3) },
  ];
  printTable(`From sending a signed order to… (${LIVE} orders, one at a time)`, liveRows);
  for (const r of liveRows) printJsonLine({ bench: 'dashboard', measure: r.measure, p50_ms: r['p50 ms'], p99_ms: r['p99 ms'] });
  await dashboard.close();
  await engine.stop();
}

if (import.meta.main) await runDashboard();
