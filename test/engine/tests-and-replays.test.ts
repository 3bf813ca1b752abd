import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Run } from '../../shared/runs.ts';
import { runLogLine } from '../../shared/log-line.ts';
import { runLine } from '../../electron/desktop/activity-words.ts';
import { openDatabase } from '../../electron/engine/store/database.ts';
import { MIGRATIONS } from '../../electron/engine/store/schema.ts';
import { deliver } from '../helpers/deliver.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';

const settingsFor = (port: number) => ({
  sources: { shopify: { secret: SHOPIFY_SECRET } },
  smtp: { host: '127.0.0.1', port, secure: false, from: 'Shop <shop@example.com>' },
  // Retries would come within a second: long enough to see one, were it scheduled.
  runner: { baseDelayMs: 50, maxDelayMs: 100 },
  recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
});

describe('tests are tests', () => {
  it('a Send test event the mail server refuses for now fails at once: no retry, no count, Home stays green', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    smtp.down = true; // 451: a real run would be retried
    const { engine } = await startEngine(settingsFor(smtp.port));
    const heard: Run[] = [];
    engine.events.on('run', (run) => heard.push(run));
    const sent = await engine.api['recipes.sendTest']({ id: 'shopify-order-email' });
    expect(sent.test).toBe(true);
    const done = await waitUntil(() => heard.find((r) => r.id === sent.id && r.status !== 'running'), 'the test run to finish');
    expect(done).toMatchObject({ status: 'failed', test: true, replay: false, attempts: 1 });
    expect(done.nextAttemptAt).toBeUndefined();
    expect(done.lastError).toBeTruthy();
    // Nothing left to do later, and the counts Home and the tray read leave the test out.
    expect(engine.state.runs.nextDueAt()).toBeUndefined();
    const status = await engine.api['status.get']({});
    expect(status.runs).toEqual({ queued: 0, running: 0, retrying: 0, succeeded: 0, failed: 0 });
    // The run is still there to look at (the wizard and Activity show it).
    expect((await engine.api['runs.get']({ id: sent.id })).attemptLog).toHaveLength(1);

    // A real order under the same conditions is retried.
    smtp.down = true;
    await deliver((await engine.api['status.get']({})).webhooks.shopify!, shopifyOrder(1));
    await waitUntil(() => heard.find((r) => !r.test && r.status === 'retrying'), 'the real run to be retried');
    expect((await engine.api['status.get']({})).runs.retrying + (await engine.api['status.get']({})).runs.running).toBeGreaterThanOrEqual(1);
  });

  it('a replay is marked as one in the run, the log line, the tray line and the stored counts', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const { engine, webhooks } = await startEngine(settingsFor(smtp.port));
    await deliver(webhooks.shopify, shopifyOrder(7));
    await smtp.waitFor(1);
    const original = await waitUntil(() => engine.state.runs.list({ status: 'succeeded' })[0], 'the first run');
    expect(original.replay).toBe(false);
    const { runIds } = await engine.api['activity.replay']({ eventId: original.eventId });
    await smtp.waitFor(2);
    const replay = await waitUntil(() => [engine.state.runs.find(runIds[0]!)].find((r) => r?.status === 'succeeded'), 'the replay');
    expect(replay).toMatchObject({ replay: true, test: false });
    expect(runLogLine(replay, 'New Shopify order → email the team').text).toMatch(/^\[replay\] Order #1007 /);
    expect(runLine(replay, 'New Shopify order → email the team')!.text).toBe('[replay] Order #1007 from Jane Doe 7 → email the team ✓');
    const detail = await engine.api['activity.get']({ eventId: original.eventId });
    expect(detail.runs.map((r) => r.replay)).toEqual([false, true]);
    // A replay is real work done: it is counted with the runs (a failed one needs the owner).
    expect((await engine.api['status.get']({})).runs.succeeded).toBe(2);
  });

  it('a journal from before replays were marked gets its earlier replays marked, and nothing else', () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'hooktray.db');
    const old = new DatabaseSync(file);
    for (const step of MIGRATIONS.slice(0, 4)) old.exec(step);
    old.exec('PRAGMA user_version = 4');
    old.exec(
      `INSERT INTO deliveries (id, source, platform_event, origin, received_at, headers, body) VALUES (1, 'shopify', 'orders/create', 'webhook', 1000, '{}', x'7b7d')`,
    );
    old.exec(
      `INSERT INTO events (id, delivery_id, source, key, type, platform_event, summary, occurred_at, received_at, event) VALUES (1, 1, 'shopify', 'k', 'order.created', 'orders/create', 'Order #1', '', 1000, '{}')`,
    );
    // The run the delivery made, a test, and a replay asked for later.
    old.exec(
      `INSERT INTO runs (id, event_id, recipe_id, status, test, created_at, updated_at) VALUES (1, 1, 'r', 'succeeded', 0, 1000, 1000), (2, 1, 'r', 'succeeded', 1, 5000, 5000), (3, 1, 'r', 'succeeded', 0, 9000, 9000)`,
    );
    old.close();
    const db = openDatabase({ dataDir });
    expect(db.prepare('SELECT id, replay FROM runs ORDER BY id').all()).toEqual([
      { id: 1, replay: 0 },
      { id: 2, replay: 0 },
      { id: 3, replay: 1 },
    ]);
    db.close();
  });
});
