import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { SettingsInput } from '../../shared/config.ts';
import { startEngine } from '../helpers/engine.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { waitUntil } from '../helpers/wait.ts';

/** Writes a delivery straight into the journal file, as a Hooktray from before the intake limits kept it. */
function storeUnchecked(dbPath: string, key: string, body: string): void {
  const db = new DatabaseSync(dbPath);
  const now = Date.now();
  const delivery = db
    .prepare(
      `INSERT INTO deliveries (source, platform_id, platform_event, origin, received_at, headers, body) VALUES ('shopify', ?, 'orders/create', 'webhook', ?, '{}', ?) RETURNING id`,
    )
    .get(key, now, Buffer.from(body)) as { id: number };
  const event = JSON.stringify({
    type: 'order.created',
    source: 'shopify',
    platformEvent: 'orders/create',
    key,
    occurredAt: new Date(now).toISOString(),
    summary: `Order ${key}`,
    dataFromBody: true,
  });
  const stored = db
    .prepare(
      `INSERT INTO events (delivery_id, source, key, type, platform_event, summary, occurred_at, received_at, event) VALUES (?, 'shopify', ?, 'order.created', 'orders/create', ?, ?, ?, ?) RETURNING id`,
    )
    .get(delivery.id, key, `Order ${key}`, new Date(now).toISOString(), now, event) as { id: number };
  db.prepare(
    `INSERT INTO runs (event_id, recipe_id, status, next_attempt_at, test, created_at, updated_at) VALUES (?, 'shopify-order-email', 'queued', ?, 0, ?, ?)`,
  ).run(stored.id, now, now, now);
  db.close();
}

const deep = (depth: number) => `{"id":1,"line_items":${'['.repeat(depth)}${']'.repeat(depth)}}`;

describe('deliveries kept before the intake limits existed', () => {
  it('a deeply nested one fails its own runs with a message; every other run still runs, across a restart', async () => {
    const smtp = await startSmtp();
    const settings = (paused: boolean): SettingsInput => ({
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
      recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
      paused,
    });
    const first = await startEngine(settings(true));
    const order = JSON.stringify(shopifyOrder(1));
    const path = new URL(first.webhooks.shopify!).pathname;
    expect((await first.engine.state.app.inject({ method: 'POST', url: path, headers: shopifyHeaders(order), payload: order })).statusCode).toBe(200);
    await first.engine.stop();

    const dbPath = join(first.dataDir, 'hooktray.db');
    storeUnchecked(dbPath, 'deep-5k', deep(5000));
    storeUnchecked(dbPath, 'deep-100k', deep(100_000));

    const { engine } = await startEngine(settings(false), { dataDir: first.dataDir });
    const second = JSON.stringify(shopifyOrder(2));
    expect((await engine.state.app.inject({ method: 'POST', url: path, headers: shopifyHeaders(second), payload: second })).statusCode).toBe(200);

    const mails = await smtp.waitFor(2);
    expect(mails.map((m) => m.subject).sort()).toEqual([expect.stringContaining('#1001'), expect.stringContaining('#1002')]);
    const runs = await waitUntil(async () => {
      const all = await engine.api['runs.list']({});
      return all.every((r) => r.status === 'succeeded' || r.status === 'failed') ? all : undefined;
    }, 'every run to end');
    const failed = runs.filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.summary).sort()).toEqual(['Order deep-100k', 'Order deep-5k']);
    for (const run of failed) expect(run.lastError).toMatch(/nests its data more than 64 levels deep.*cannot run/);
    // Replay says why it cannot, rather than failing with an internal error.
    await expect(engine.api['activity.replay']({ eventId: failed[0]!.eventId })).rejects.toThrow(/more than 64 levels deep/);
  });
});
