import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EngineEvents } from '../../electron/engine/engine-events.ts';
import type { RecipeSet } from '../../electron/engine/recipes/recipe-set.ts';
import { Runner, type RunnerDeps } from '../../electron/engine/recipes/runner.ts';
import { openDatabase } from '../../electron/engine/store/database.ts';
import { Inbox } from '../../electron/engine/store/inbox.ts';
import { JournalWriter } from '../../electron/engine/store/journal-writer.ts';
import { RunStore } from '../../electron/engine/store/runs.ts';
import type { HooktrayEvent } from '../../shared/events.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

function order(n: number): HooktrayEvent {
  return {
    type: 'order.created',
    source: 'shopify',
    platformEvent: 'orders/create',
    key: `order:${n}`,
    occurredAt: new Date().toISOString(),
    summary: `Order #${n}`,
    data: { n },
  };
}

function openJournal(options: ConstructorParameters<typeof JournalWriter>[1]) {
  const dataDir = tempDir();
  const db = openDatabase({ dataDir });
  const journal = new JournalWriter(join(dataDir, 'hooktray.db'), options);
  onTestFinished(async () => {
    await journal.close();
    db.close();
  });
  return { db, journal, inbox: new Inbox(journal, () => ['order-email']) };
}

describe('every round trip to the journal writer settles', () => {
  it('a run claim whose answer cannot be read is refused, and the runs it claimed are put back and run once', async () => {
    const { db, journal, inbox } = openJournal({ workerUrl: fixture('garbled-claim-worker.ts') });
    for (const n of [1, 2, 3])
      await inbox.accept({
        source: 'shopify',
        platformId: `d${n}`,
        platformEvent: 'orders/create',
        origin: 'webhook',
        receivedAt: Date.now(),
        headers: {},
        body: Buffer.from('{}'),
        events: [order(n)],
      });
    const ran: string[] = [];
    const logged: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });
    const recipe = {
      id: 'order-email',
      definition: { title: 'Order email' },
      settings: {},
      templates: {},
      action: { run: async ({ event }: { event: HooktrayEvent }) => (ran.push(event.summary), {}) },
    };
    const runner = new Runner({
      runs: new RunStore(db, journal),
      recipes: () => ({ get: (id: string) => (id === 'order-email' ? recipe : undefined) }) as unknown as RecipeSet,
      services: {} as RunnerDeps['services'],
      events: new EngineEvents(),
      logger,
      policy: () => ({ concurrency: 4, maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000, maxRateLimitWaits: 3, attemptTimeoutMs: 5000 }),
    });
    await runner.start();
    onTestFinished(() => runner.stop());
    await waitUntil(
      () => (db.prepare("SELECT COUNT(*) AS n FROM runs WHERE status = 'succeeded'").get() as { n: number }).n === 3,
      'all three runs to succeed',
      20_000,
    );
    expect(ran.sort()).toEqual(['Order #1', 'Order #2', 'Order #3']);
    // It was the lost answer the runner recovered from, not a claim that went through.
    expect(logged).toEqual([expect.stringMatching(/an answer could not be read.*could not read the run queue/)]);
  });

  it('a writer that stops answering is replaced: what waited on it is refused, and later writes go to a new writer', async () => {
    // Long enough for a new writer to start on a busy machine: the watchdog times the whole wait.
    const { inbox } = openJournal({ workerUrl: fixture('silent-once-worker.ts'), answerMs: 3000 });
    const first = inbox.accept({
      source: 'shopify',
      platformId: 'd1',
      platformEvent: 'orders/create',
      origin: 'webhook',
      receivedAt: Date.now(),
      headers: {},
      body: Buffer.from('{}'),
      events: [order(1)],
    });
    await expect(first).rejects.toThrow(/journal writer stopped \(it did not answer/);
    const second = await inbox.accept({
      source: 'shopify',
      platformId: 'd2',
      platformEvent: 'orders/create',
      origin: 'webhook',
      receivedAt: Date.now(),
      headers: {},
      body: Buffer.from('{}'),
      events: [order(2)],
    });
    expect(second).toMatchObject({ duplicate: false, runIds: [expect.any(Number)] });
  });

  it('close returns even when the writer never exits', async () => {
    const { journal } = openJournal({ workerUrl: fixture('silent-once-worker.ts'), answerMs: 300 });
    const pending = journal.call('requeueInterrupted', Date.now()).catch((error: Error) => error.message);
    await journal.close();
    expect(await pending).toMatch(/did not answer|closed/);
  });
});
