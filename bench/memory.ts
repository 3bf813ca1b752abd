// Memory and start: RSS of Hooktray idle after start, after 10k deliveries, and when its journal
// holds 100k events; time from process start to the ready line. Measured twice: from the
// TypeScript sources (npm run serve) and from the bundle that ships (npm run build:cli), each
// beside a bare Fastify server run the same way. Run: npm run bench -- memory
import { execFileSync } from 'node:child_process';
import autocannon from 'autocannon';
import { startHooktray, type HooktrayBuild } from './lib/hooktray.ts';
import { signedOrder } from './lib/orders.ts';
import { ROOT, rssMb, sleep, spawnNode, type Spawned } from './lib/processes.ts';
import { printJsonLine, printTable, round } from './lib/report.ts';

/**
 * "Idle" is 15 s without a request, for Hooktray and the baseline alike: what a tray app is most
 * of the day. It includes the journal writer stopping after 10 s without writes.
 */
const SETTLE_MS = 15_000;

async function idleRss(p: Spawned): Promise<number> {
  await sleep(SETTLE_MS);
  return rssMb(p.child.pid!);
}

/** Sends `count` unique signed orders as fast as 20 connections allow. */
async function deliver(url: string, count: number, offset: number): Promise<number> {
  let n = offset;
  const result = await autocannon({
    url: new URL(url).origin,
    connections: 20,
    amount: count,
    timeout: 30,
    requests: [{ method: 'POST', path: new URL(url).pathname, setupRequest: (req) => ({ ...req, ...signedOrder(++n) }) }],
  });
  return result.non2xx + result.errors;
}

async function measure(from: HooktrayBuild): Promise<{ rows: Record<string, string | number>[]; json: Record<string, unknown> }> {
  const ceiling = await spawnNode([from === 'sources' ? 'bench/ceiling-server.ts' : 'bench/ceiling-server.mjs']);
  const ceilingStartMs = ceiling.readyAt - ceiling.startedAt;
  const ceilingIdle = await idleRss(ceiling);
  await ceiling.stop();

  // Runner paused: this measures the engine holding data, not emails being sent.
  const first = await startHooktray({ paused: true }, undefined, from);
  const startMs = first.readyAt - first.startedAt;
  const idle = await idleRss(first);
  const errors10k = await deliver(first.webhooks.shopify!, 10_000, 0);
  const after10k = await idleRss(first);
  const errors100k = await deliver(first.webhooks.shopify!, 90_000, 10_000);
  await first.stop();
  const second = await startHooktray({ paused: true }, first.dataDir, from);
  const startWith100kMs = second.readyAt - second.startedAt;
  const idleWith100k = await idleRss(second);
  await second.stop();

  const label = from === 'sources' ? 'from TypeScript sources' : 'bundled JS (as shipped)';
  return {
    rows: [
      { run: label, process: 'bare Fastify (baseline)', state: 'idle (15 s) after start', 'RSS MB': ceilingIdle, 'start ms': round(ceilingStartMs, 0) },
      { run: label, process: 'hooktray serve', state: 'idle (15 s) after start', 'RSS MB': idle, 'start ms': round(startMs, 0) },
      { run: label, process: 'hooktray serve', state: 'idle (15 s) after 10k deliveries', 'RSS MB': after10k, 'start ms': '' },
      { run: label, process: 'hooktray serve', state: 'idle (15 s) restarted with 100k events', 'RSS MB': idleWith100k, 'start ms': round(startWith100kMs, 0) },
    ],
    json: {
      bench: 'memory',
      build: from,
      idle_after_s: SETTLE_MS / 1000,
      baseline_idle_rss_mb: ceilingIdle,
      idle_rss_mb: idle,
      idle_ratio: round(idle / ceilingIdle, 2),
      after_10k_rss_mb: after10k,
      with_100k_events_rss_mb: idleWith100k,
      baseline_start_ms: round(ceilingStartMs, 0),
      start_ms: round(startMs, 0),
      start_with_100k_events_ms: round(startWith100kMs, 0),
      delivery_errors: errors10k + errors100k,
    },
  };
}

export async function runMemory(): Promise<void> {
  execFileSync(process.execPath, ['build/build-cli.ts'], { cwd: ROOT, stdio: 'inherit' });
  const results = [await measure('sources'), await measure('bundle')];
  printTable('Memory (RSS) and start time', results.flatMap((r) => r.rows));
  for (const r of results) printJsonLine(r.json);
}

if (import.meta.main) await runMemory();
