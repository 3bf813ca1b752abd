// End to end: signed Shopify order → Hooktray → email accepted by a local SMTP server, p50/p99
// over 1,000 orders, beside a baseline that sends the same emails straight from nodemailer.
import { Agent, request } from 'node:http';
import { createTransport } from 'nodemailer';
import { startSmtp, type TestSmtp } from '../test/helpers/smtp.ts';
import { startHooktray } from './lib/hooktray.ts';
import { signedOrder } from './lib/orders.ts';
import { sleep } from './lib/processes.ts';
import { percentile, printJsonLine, printTable, round } from './lib/report.ts';

const ORDERS = Number(process.env.BENCH_E2E_ORDERS ?? 1000);
const RATE_PER_S = Number(process.env.BENCH_E2E_RATE ?? 100);

/** Sends n items at a steady rate; `send(i)` starts item i. */
async function paced(n: number, send: (i: number) => void): Promise<void> {
  const interval = 1000 / RATE_PER_S;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    send(i);
  }
}

/** Milliseconds from each start to the SMTP server's acceptance of the mail carrying its number. */
async function latencies(smtp: TestSmtp, n: number, started: Map<number, number>, orderOf: (subject: string) => number): Promise<number[]> {
  await smtp.waitFor(n, 120_000);
  const arrived = new Map(smtp.mails.map((m) => [orderOf(m.subject), m.receivedAt]));
  return [...started].map(([k, t]) => arrived.get(k)! - t).sort((a, b) => a - b);
}

async function hooktrayRun(): Promise<number[]> {
  const smtp = await startSmtp({ stamp: () => performance.now() });
  const hooktray = await startHooktray({ smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' }, runner: { concurrency: 8 } });
  const url = new URL(hooktray.webhooks.shopify!);
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const started = new Map<number, number>();
  await paced(ORDERS, (i) => {
    const { body, headers } = signedOrder(100_000 + i);
    started.set(100_000 + i, performance.now());
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => res.resume());
    req.end(body);
  });
  const result = await latencies(smtp, ORDERS, started, (s) => Number(/#(\d+)/.exec(s)?.[1]) - 1000);
  agent.destroy();
  await hooktray.stop();
  await smtp.stop();
  return result;
}

async function baselineRun(): Promise<number[]> {
  const smtp = await startSmtp({ stamp: () => performance.now() });
  const transport = createTransport({ pool: true, maxConnections: 8, host: '127.0.0.1', port: smtp.port, secure: false });
  const started = new Map<number, number>();
  await paced(ORDERS, (i) => {
    started.set(i, performance.now());
    void transport.sendMail({ from: 'shop@example.com', to: 'team@example.com', subject: `Direct #${i}`, text: 'order' });
  });
  const result = await latencies(smtp, ORDERS, started, (s) => Number(/#(\d+)/.exec(s)?.[1]));
  transport.close();
  await smtp.stop();
  return result;
}

export async function runE2e(): Promise<void> {
  const baseline = await baselineRun();
  const hooktray = await hooktrayRun();
  const row = (name: string, l: number[]) => ({
    path: name,
    orders: l.length,
    'rate/s': RATE_PER_S,
    'p50 ms': round(percentile(l, 50)),
    'p99 ms': round(percentile(l, 99)),
    'max ms': round(l.at(-1)!),
  });
  printTable('End to end: order → email accepted by SMTP', [
    row('baseline (nodemailer pool, direct)', baseline),
    row('hooktray (webhook → journal → runner → SMTP)', hooktray),
  ]);
  printJsonLine({
    bench: 'e2e',
    orders: ORDERS,
    rate_per_s: RATE_PER_S,
    baseline_p50_ms: round(percentile(baseline, 50)),
    baseline_p99_ms: round(percentile(baseline, 99)),
    p50_ms: round(percentile(hooktray, 50)),
    p99_ms: round(percentile(hooktray, 99)),
  });
}

if (import.meta.main) await runE2e();
