import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { API } from '../../shared/contract.ts';
import { perDay, receivedKind, type DailyStats } from '../../shared/daily-stats.ts';
import type { Run } from '../../shared/runs.ts';
import { deliver } from '../helpers/deliver.ts';
import { startEngine } from '../helpers/engine.ts';
import { SECRETS, stripeCheckout } from '../helpers/platforms.ts';
import { SHOPIFY_SECRET, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { waitUntil } from '../helpers/wait.ts';

const settingsFor = (port: number) => ({
  sources: { shopify: { secret: SHOPIFY_SECRET }, stripe: { secret: SECRETS.stripe } },
  smtp: { host: '127.0.0.1', port, secure: false, from: 'Shop <shop@example.com>' },
  recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
});

/** Today's numbers (the last day of the period) by what Home shows. */
function today(stats: DailyStats) {
  const last = (pick: Parameters<typeof perDay>[1]) => perDay(stats, pick).at(-1);
  return {
    orders: last((c) => c.kind === 'received' && receivedKind(c.type) === 'orders'),
    payments: last((c) => c.kind === 'received' && receivedKind(c.type) === 'payments'),
    shopifyOrders: last((c) => c.kind === 'received' && c.source === 'shopify'),
    done: last((c) => c.kind === 'done'),
    failed: last((c) => c.kind === 'failed'),
  };
}

describe('stats.daily', () => {
  it('counts the real deliveries and their runs per day and platform, leaving out tests and replays', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const { engine, webhooks, dataDir } = await startEngine(settingsFor(smtp.port));
    const finished: Run[] = [];
    engine.events.on('run', (run) => {
      if (run.status === 'succeeded' || run.status === 'failed') finished.push(run);
    });
    const settle = (n: number, what: string) => waitUntil(() => finished.length >= n, what);

    // Two Shopify orders emailed, a third the mail server refuses for good, a Stripe checkout (an order and a payment; no recipe).
    await deliver(webhooks.shopify, shopifyOrder(1));
    await deliver(webhooks.shopify, shopifyOrder(2));
    await settle(2, 'two emails');
    smtp.refuse = true;
    await deliver(webhooks.shopify, shopifyOrder(3));
    await settle(3, 'the refused one');
    smtp.refuse = false;
    await deliver(webhooks.stripe, stripeCheckout('evt_daily_1'));
    // A test and a replay: both run and send, neither counts.
    await engine.api['recipes.sendTest']({ id: 'shopify-order-email' });
    const firstDone = finished.find((r) => r.status === 'succeeded')!;
    await engine.api['activity.replay']({ eventId: firstDone.eventId });
    await settle(5, 'the test and the replay');
    expect(finished.filter((r) => r.test || r.replay)).toHaveLength(2);

    const stats = await engine.api['stats.daily']({ days: 14 });
    expect(stats.days).toHaveLength(14);
    const expected = { orders: 4, payments: 1, shopifyOrders: 3, done: 2, failed: 1 };
    expect(today(stats)).toEqual(expected);
    // Nothing on the other thirteen days; per platform where it came from.
    expect(
      perDay(stats, () => true)
        .slice(0, 13)
        .every((n) => n === 0),
    ).toBe(true);
    expect(new Set(stats.counts.map((c) => c.source))).toEqual(new Set(['shopify', 'stripe']));
    expect(Object.keys(stats.lastReceived).sort()).toEqual(['shopify', 'stripe']);
    expect(stats.retrying).toEqual({ runs: 0 });

    // Retry of a done run takes it out of the day's numbers until it is done again.
    const emailed = smtp.mails.length;
    await engine.api['runs.retry']({ id: firstDone.id });
    await smtp.waitFor(emailed + 1);
    await waitUntil(async () => today(await engine.api['stats.daily']({ days: 14 })).done === 2, 'the retried run to count once again');
    expect(today(await engine.api['stats.daily']({ days: 90 }))).toEqual(expected);

    // A journal from before the daily counts (so also before runs.draft) gets them from what it holds, the same numbers.
    await engine.stop();
    const old = new DatabaseSync(join(dataDir, 'hooktray.db'));
    old.exec('DROP TABLE day_counts; ALTER TABLE runs DROP COLUMN draft; PRAGMA user_version = 6;');
    old.close();
    const reopened = await startEngine(settingsFor(smtp.port), { dataDir });
    expect(today(await reopened.engine.api['stats.daily']({ days: 30 }))).toEqual(expected);
  });

  it('offers the periods Home shows, and only those', () => {
    const args = API['stats.daily'].args;
    for (const days of [14, 30, 90]) expect(args.safeParse({ days }).success).toBe(true);
    for (const days of [0, 7, 91, '14']) expect(args.safeParse({ days }).success).toBe(false);
  });
});
