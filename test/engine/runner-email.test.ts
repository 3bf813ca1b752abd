import { describe, expect, it } from 'vitest';
import type { Run } from '../../shared/runs.ts';
import type { SettingsInput } from '../../shared/config.ts';
import { deliver } from '../helpers/deliver.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';

function settingsFor(smtp: TestSmtp, runner: SettingsInput['runner'] = { baseDelayMs: 50, maxDelayMs: 200 }): SettingsInput {
  return {
    sources: { shopify: { secret: SHOPIFY_SECRET } },
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Shop <shop@example.com>' },
    runner,
    recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com', 'owner@example.com'] } }],
  };
}

describe('runner with a real SMTP server', () => {
  it('emails the team over a real socket with the default templates, escaping HTML', async () => {
    const smtp = await startSmtp();
    const started = await startEngine(settingsFor(smtp));
    await deliver(started.webhooks.shopify, shopifyOrder(1, { customer: { first_name: '<script>x</script>', last_name: 'Doe', email: 'jane@example.com' } }));
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['team@example.com', 'owner@example.com']);
    expect(mail!.subject).toBe('New order #1001 from <script>x</script> Doe');
    expect(mail!.raw).toContain('2 x Blue mug at 12.95 EUR');
    expect(mail!.raw).toContain('&lt;script&gt;x&lt;/script&gt; Doe');
    expect(mail!.raw).not.toMatch(/<h2>[^<]*<script>/);
    const run = await waitUntil(() => started.engine.state.runs.list({ status: 'succeeded' })[0], 'run succeeded');
    expect(mail!.messageId).toMatch(new RegExp(`^<run-${run!.id}@[0-9a-f-]{36}\\.hooktray>$`));
    const detail = await started.engine.api['runs.get']({ id: run!.id });
    expect(detail.attemptLog).toHaveLength(1);
    expect(detail.attemptLog[0]).toMatchObject({ n: 1, outcome: 'succeeded' });
    await smtp.stop();
  });

  it("gives templates the platform's own payload (stored once, as the delivery body)", async () => {
    const smtp = await startSmtp();
    const started = await startEngine({
      ...settingsFor(smtp),
      recipes: [
        {
          recipe: 'shopify-order-email',
          settings: { to: ['team@example.com'] },
          templates: { subject: 'Note: {{ event.data.note }} / {{ event.data.line_items[0].sku }}' },
        },
      ],
    });
    await deliver(started.webhooks.shopify, shopifyOrder(9, { note: 'Leave it with the neighbour' }));
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toBe('Note: Leave it with the neighbour / MUG-BLUE');
    const stored = started.engine.state.db.prepare('SELECT event FROM events').get() as { event: string };
    expect(stored.event).not.toContain('Leave it with the neighbour');
    await smtp.stop();
  });

  it('retries while the mail server answers 451, then delivers; every attempt is recorded', async () => {
    const smtp = await startSmtp();
    smtp.down = true;
    const started = await startEngine(settingsFor(smtp));
    const retries: Run[] = [];
    started.engine.events.on('run', (n) => n.status === 'retrying' && retries.push(n));
    await deliver(started.webhooks.shopify, shopifyOrder(2));
    const { runs } = started.engine.state;
    await waitUntil(() => (runs.list()[0]?.attempts ?? 0) >= 3 && runs.list()[0]?.status === 'retrying', 'three failed attempts');
    expect(smtp.mails).toHaveLength(0);
    smtp.down = false;
    await smtp.waitFor(1);
    const run = await waitUntil(() => runs.list({ status: 'succeeded' })[0], 'success');
    const detail = runs.get(run.id)!;
    expect(detail.attemptLog.length).toBeGreaterThanOrEqual(4);
    expect(detail.attemptLog.slice(0, -1).every((a) => a.outcome === 'transient' && a.error?.includes('451'))).toBe(true);
    expect(detail.attemptLog.at(-1)).toMatchObject({ outcome: 'succeeded' });
    // The backoff grows: wait i is 50 ms × 2^i (capped at 200 ms) ± 20 % jitter, as scheduled
    // (0.8 × 2 > 1.2, so every wait is longer than the longest one before), and each next try
    // starts no earlier than scheduled. How late a busy machine starts it is not the backoff.
    const failed = detail.attemptLog.slice(0, -1);
    expect(retries).toHaveLength(failed.length);
    failed.forEach((attempt, i) => {
      const nominal = Math.min(200, 50 * 2 ** i);
      const scheduled = Date.parse(retries[i]!.nextAttemptAt!);
      const wait = scheduled - Date.parse(attempt.finishedAt);
      expect(wait, `wait ${i + 1}`).toBeGreaterThanOrEqual(Math.floor(0.8 * nominal));
      expect(wait, `wait ${i + 1}`).toBeLessThanOrEqual(Math.ceil(1.2 * nominal));
      expect(Date.parse(detail.attemptLog[i + 1]!.startedAt), `try ${i + 2}`).toBeGreaterThanOrEqual(scheduled);
    });
    expect(smtp.mails).toHaveLength(1);
    await smtp.stop();
  });

  it('waits out a sending limit (450 4.7.1) without spending attempts, then delivers', async () => {
    const smtp = await startSmtp();
    smtp.throttle = true;
    // One attempt only: were the limit a failure, the run would be dead after the first reply.
    const started = await startEngine(settingsFor(smtp, { baseDelayMs: 20, maxDelayMs: 40, maxAttempts: 1 }));
    await deliver(started.webhooks.shopify, shopifyOrder(3));
    const { runs } = started.engine.state;
    await waitUntil(() => (runs.get(runs.list()[0]?.id ?? -1)?.attemptLog.length ?? 0) >= 2, 'two waits');
    // Alive after two replies with one attempt allowed: waiting for the next try, or already in it.
    expect(['retrying', 'running']).toContain(runs.list()[0]!.status);
    smtp.throttle = false;
    await smtp.waitFor(1);
    const run = await waitUntil(() => runs.list({ status: 'succeeded' })[0], 'success');
    const log = runs.get(run.id)!.attemptLog;
    expect(log.slice(0, -1).every((a) => a.outcome === 'rate-limited' && a.error?.includes('450'))).toBe(true);
    expect(log.at(-1)).toMatchObject({ outcome: 'succeeded' });
    expect(smtp.mails).toHaveLength(1);
    await smtp.stop();
  });

  it('retries when the mail server is not even listening, and delivers once it starts', async () => {
    const probe = await startSmtp();
    const port = probe.port;
    await probe.stop();
    const started = await startEngine(settingsFor({ port } as TestSmtp));
    await deliver(started.webhooks.shopify, shopifyOrder(3));
    const { runs } = started.engine.state;
    await waitUntil(() => (runs.list()[0]?.attempts ?? 0) >= 2, 'two failed attempts');
    expect(runs.get(runs.list()[0]!.id)!.attemptLog[0]!.error).toMatch(
      /^The mail server 127\.0\.0\.1 \(port \d+\) refused the connection: nothing answers on that port/,
    );
    const smtp = await startSmtp({ port });
    await smtp.waitFor(1);
    await waitUntil(() => runs.list({ status: 'succeeded' }).length === 1, 'success');
    await smtp.stop();
  });

  it('fails at once on a permanent refusal (550) and succeeds when retried by hand', async () => {
    const smtp = await startSmtp();
    smtp.refuse = true;
    const started = await startEngine(settingsFor(smtp));
    await deliver(started.webhooks.shopify, shopifyOrder(4));
    const { runs } = started.engine.state;
    const failed = await waitUntil(() => runs.list({ status: 'failed' })[0], 'failed run');
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toContain('550');
    smtp.refuse = false;
    const retried = await started.engine.api['runs.retry']({ id: failed.id });
    expect(retried.status).toBe('queued');
    await smtp.waitFor(1);
    const done = await waitUntil(() => runs.list({ status: 'succeeded' })[0], 'success after manual retry');
    expect(runs.get(done.id)!.attemptLog.map((a) => a.outcome)).toEqual(['permanent', 'succeeded']);
  });

  it('gives up after maxAttempts transient failures (dead letter), and a manual retry gets a fresh budget', async () => {
    const smtp = await startSmtp();
    smtp.down = true;
    const started = await startEngine(settingsFor(smtp, { baseDelayMs: 20, maxDelayMs: 40, maxAttempts: 3 }));
    await deliver(started.webhooks.shopify, shopifyOrder(5));
    const { runs } = started.engine.state;
    const failed = await waitUntil(() => runs.list({ status: 'failed' })[0], 'dead letter');
    expect(failed.attempts).toBe(3);
    await started.engine.api['runs.retry']({ id: failed.id });
    await waitUntil(() => runs.get(failed.id)!.attempts >= 6 && runs.get(failed.id)!.status === 'failed', 'second budget used up');
    smtp.down = false;
    await started.engine.api['runs.retry']({ id: failed.id });
    await smtp.waitFor(1);
    await waitUntil(() => runs.get(failed.id)!.status === 'succeeded', 'success');
    expect(runs.get(failed.id)!.attempts).toBe(7);
  });

  it('fails permanently with a plain message when email is not set up', async () => {
    const smtp = await startSmtp();
    const { smtp: _omit, ...noSmtp } = settingsFor(smtp);
    const started = await startEngine(noSmtp);
    await deliver(started.webhooks.shopify, shopifyOrder(6));
    const failed = await waitUntil(() => started.engine.state.runs.list({ status: 'failed' })[0], 'failed run');
    expect(failed.lastError).toContain('Settings → Email');
    await smtp.stop();
  });

  it('re-queues runs that a crash left running and completes them on the next start', async () => {
    const smtp = await startSmtp();
    const dataDir = tempDir();
    const first = await startEngine({ ...settingsFor(smtp), paused: true }, { dataDir });
    await deliver(first.webhooks.shopify, shopifyOrder(7));
    // What a kill in the middle of an attempt leaves behind:
    first.engine.state.db.exec(`UPDATE runs SET status = 'running'`);
    await first.engine.stop();
    const second = await startEngine(settingsFor(smtp), { dataDir });
    await smtp.waitFor(1);
    await waitUntil(() => second.engine.state.runs.list({ status: 'succeeded' }).length === 1, 'requeued run done');
    await smtp.stop();
  });
});
