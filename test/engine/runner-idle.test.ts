import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EngineEvents } from '../../electron/engine/engine-events.ts';
import { Runner, type RunnerDeps } from '../../electron/engine/recipes/runner.ts';
import { openDatabase } from '../../electron/engine/store/database.ts';
import { Inbox } from '../../electron/engine/store/inbox.ts';
import { JournalWriter } from '../../electron/engine/store/journal-writer.ts';
import { RunStore } from '../../electron/engine/store/runs.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';

describe('the runner and an idle journal writer', () => {
  it('looks at a retry that is not yet due without restarting the stopped writer', async () => {
    const dataDir = tempDir();
    const db = openDatabase({ dataDir });
    const journal = new JournalWriter(join(dataDir, 'hooktray.db'), { idleMs: 50 });
    onTestFinished(async () => {
      await journal.close();
      db.close();
    });
    const inbox = new Inbox(journal, () => ['shopify-order-email']);
    await inbox.accept({
      source: 'shopify',
      platformId: 'd1',
      platformEvent: 'orders/create',
      origin: 'webhook',
      receivedAt: Date.now(),
      headers: {},
      body: Buffer.from('{}'),
      events: [
        {
          type: 'order.created',
          source: 'shopify',
          platformEvent: 'orders/create',
          key: 'order:1',
          occurredAt: new Date().toISOString(),
          summary: 'Order #1',
          data: {},
        },
      ],
    });
    // A run waiting for a retry in an hour, as while a destination is down.
    db.prepare("UPDATE runs SET status = 'retrying', attempts = 1, next_attempt_at = ?").run(Date.now() + 3_600_000);
    const runner = new Runner({
      runs: new RunStore(db, journal),
      recipes: () => {
        throw new Error('nothing is due, so no recipe is looked up');
      },
      services: {} as RunnerDeps['services'],
      events: new EngineEvents(),
      logger: pino({ level: 'silent' }),
      policy: () => ({ concurrency: 2, maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000, maxRateLimitWaits: 3, attemptTimeoutMs: 5000 }),
    });
    await runner.start();
    onTestFinished(() => runner.stop());
    await waitUntil(() => !journal.writerRunning, 'the idle writer stops');
    for (let i = 0; i < 3; i++) {
      runner.wake();
      // wake() looks at the queue on the next turn, and a claim would start the writer before its
      // first await: once this later turn comes, that look is done.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(journal.writerRunning).toBe(false);
    expect(db.prepare('SELECT status FROM runs').get()).toEqual({ status: 'retrying' });
  });
});
