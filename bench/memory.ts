// Memory and start: RSS of Hooktray idle after start, after 10k deliveries, and when its journal
// holds 100k events; time from process start to the ready line. Measured twice: from the
// TypeScript sources and from the bundle that ships (npm run build:cli), each beside a bare
// Fastify server run the same way. Then the commands as an owner types them, counting every
// process each leaves running (the README's command, and npm run serve), idle beside bare
// Fastify's: target ≤ 1.25×. Run: npm run bench -- memory
import { execFileSync } from 'node:child_process';
import autocannon from 'autocannon';
import { startHooktray, startHooktrayCommand, type HooktrayBuild, type HooktrayCommand } from './lib/hooktray.ts';
import { signedOrder } from './lib/orders.ts';
import { ROOT, rssMb, sleep, spawnNode, treeRssMb, type Spawned } from './lib/processes.ts';
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

/** What an owner's command keeps in memory when idle: every process it leaves running, beside bare Fastify (one process). */
export async function measureCommands(): Promise<{ rows: Record<string, string | number>[]; json: Record<string, unknown> }> {
  const ceiling = await spawnNode(['bench/ceiling-server.mjs']);
  await sleep(SETTLE_MS);
  const baseline = treeRssMb(ceiling.child.pid!);
  await ceiling.stop();
  const LABEL: Record<HooktrayCommand, string> = { readme: 'README command (bin/hooktray serve)', 'npm-run-serve': 'npm run serve' };
  const rows: Record<string, string | number>[] = [
    {
      command: 'bare Fastify (baseline)',
      processes: baseline.processes,
      'idle RSS MB (all processes)': baseline.mb,
      'vs baseline': 1,
      'start ms': round(ceiling.readyAt - ceiling.startedAt, 0),
    },
  ];
  const json: Record<string, unknown> = { bench: 'memory', build: 'commands', idle_after_s: SETTLE_MS / 1000, baseline_idle_rss_mb: baseline.mb };
  for (const how of ['readme', 'npm-run-serve'] as const) {
    const running = await startHooktrayCommand(how);
    await sleep(SETTLE_MS);
    const tree = treeRssMb(running.child.pid!);
    await running.stop();
    const ratio = round(tree.mb / baseline.mb, 2);
    rows.push({
      command: LABEL[how],
      processes: tree.processes,
      'idle RSS MB (all processes)': tree.mb,
      'vs baseline': ratio,
      'start ms': round(running.readyAt - running.startedAt, 0),
    });
    const key = how.replaceAll('-', '_');
    Object.assign(json, {
      [`${key}_idle_rss_mb`]: tree.mb,
      [`${key}_processes`]: tree.processes,
      [`${key}_ratio`]: ratio,
      [`${key}_start_ms`]: round(running.readyAt - running.startedAt, 0),
    });
  }
  json.readme_target_met = (json.readme_ratio as number) <= 1.25;
  return { rows, json };
}

export async function runMemory(): Promise<void> {
  execFileSync(process.execPath, ['build/build-cli.ts'], { cwd: ROOT, stdio: 'inherit' });
  const results = [await measure('sources'), await measure('bundle')];
  printTable(
    'Memory (RSS) and start time',
    results.flatMap((r) => r.rows),
  );
  const commands = await measureCommands();
  printTable('As an owner starts it: every process the command leaves running, idle 15 s (target: README command ≤ 1.25× baseline)', commands.rows);
  for (const r of [...results, commands]) printJsonLine(r.json);
}

if (import.meta.main) await runMemory();
