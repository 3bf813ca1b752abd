import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { HooktrayEvent } from '../../shared/events.ts';
import { openDatabase } from '../../electron/engine/store/database.ts';
import { Inbox, type IncomingDelivery } from '../../electron/engine/store/inbox.ts';
import { JournalWriter } from '../../electron/engine/store/journal-writer.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';

function event(key: string): HooktrayEvent {
  return {
    type: 'order.created',
    source: 'shopify',
    platformEvent: 'orders/create',
    key,
    occurredAt: new Date(0).toISOString(),
    summary: `Order ${key}`,
    data: {},
  };
}

/** A journal on a fresh data folder, as the engine opens it: migrations first, then the writer. */
function openJournal(dataDir = tempDir(), idleMs?: number, onIdle?: () => void) {
  const db = openDatabase({ dataDir });
  const journal = new JournalWriter(join(dataDir, 'hooktray.db'), { ...(idleMs !== undefined ? { idleMs } : {}), ...(onIdle ? { onIdle } : {}) });
  onTestFinished(async () => {
    await journal.close();
    db.close();
  });
  return { db, journal };
}

function delivery(id: string, keys: string[] = [id]): IncomingDelivery {
  return {
    source: 'shopify',
    platformId: id,
    platformEvent: 'orders/create',
    origin: 'webhook',
    receivedAt: Date.now(),
    headers: { 'x-test': id },
    body: Buffer.from(`{"id":"${id}"}`),
    events: keys.map(event),
  };
}

describe('durable inbox', () => {
  it('commits concurrent deliveries in shared transactions and answers each after its commit', async () => {
    const dataDir = tempDir();
    const { journal } = openJournal(dataDir);
    const committed: number[] = [];
    const inbox = new Inbox(
      journal,
      () => ['recipe-a', 'recipe-b'],
      (_delivery, result) => committed.push(result.deliveryId!),
    );
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => inbox.accept(delivery(`d${i}`))));
    expect(results.every((r) => !r.duplicate && r.runIds.length === 2)).toBe(true);
    expect(committed).toHaveLength(50);
    // All 50 reach the writer before its first commit (it is still starting), so they share it.
    expect(journal.stats).toEqual({ commits: 1, deliveries: 50 });
    // Another connection (as after a crash) sees everything that was acknowledged.
    const reader = new DatabaseSync(join(dataDir, 'hooktray.db'));
    expect(reader.prepare('SELECT COUNT(*) AS n FROM deliveries').get()).toEqual({ n: 50 });
    expect(reader.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 100 });
    expect(reader.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    reader.close();
  });

  it('stops an idle writer and starts a new one for the next write, losing nothing', async () => {
    const dataDir = tempDir();
    const { db, journal } = openJournal(dataDir, 50);
    const inbox = new Inbox(journal, () => ['r']);
    await inbox.accept(delivery('before-idle'));
    expect(journal.writerRunning).toBe(true);
    await waitUntil(() => !journal.writerRunning, 'the idle writer stops');
    // Writes while the old writer may still be checkpointing, and after: all land, once.
    const [a, b] = await Promise.all([inbox.accept(delivery('after-idle')), inbox.accept(delivery('before-idle'))]);
    expect([a.duplicate, b.duplicate]).toEqual([false, true]);
    expect(journal.writerRunning).toBe(true);
    expect(
      db
        .prepare('SELECT platform_id FROM deliveries ORDER BY id')
        .all()
        .map((r) => r.platform_id),
    ).toEqual(['before-idle', 'after-idle']);
    await waitUntil(() => !journal.writerRunning, 'stops again');
    expect((await inbox.accept(delivery('third'))).duplicate).toBe(false);
  });

  it('tells the app it is idle once an idle writer has exited, never while writes go on', async () => {
    let idle = 0;
    const { journal } = openJournal(tempDir(), 300, () => idle++);
    const inbox = new Inbox(journal, () => ['r']);
    // A write every 30 ms keeps the writer (and the app) busy.
    for (let i = 0; i < 6; i++) {
      await inbox.accept(delivery(`busy-${i}`));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(idle).toBe(0);
    await waitUntil(() => idle === 1, 'told once the writer has stopped');
    expect(journal.writerRunning).toBe(false);
    await inbox.accept(delivery('later'));
    await waitUntil(() => idle === 2, 'told again after the next quiet spell');
  });

  it('drops redeliveries and already-seen events, also within one batch', async () => {
    const { db, journal } = openJournal();
    const inbox = new Inbox(journal, () => ['r']);
    const [a, b, c] = await Promise.all([inbox.accept(delivery('same')), inbox.accept(delivery('same')), inbox.accept(delivery('other', ['same']))]);
    expect(a).toMatchObject({ duplicate: false, runIds: [expect.any(Number)] });
    expect(b).toMatchObject({ duplicate: true, runIds: [] });
    // A different delivery carrying an event we already hold (e.g. caught up by API) triggers nothing.
    expect(c).toMatchObject({ duplicate: false, eventIds: [], runIds: [] });
    expect(db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 1 });
  });

  it('keeps the rest of a batch when one delivery cannot be written', async () => {
    const { db, journal } = openJournal();
    db.exec(`CREATE TRIGGER no_bad BEFORE INSERT ON deliveries WHEN NEW.platform_id = 'bad' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    const inbox = new Inbox(journal, () => ['r']);
    const outcomes = await Promise.allSettled([inbox.accept(delivery('ok1')), inbox.accept(delivery('bad')), inbox.accept(delivery('ok2'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT platform_id FROM deliveries ORDER BY id').all()).toEqual([{ platform_id: 'ok1' }, { platform_id: 'ok2' }]);
  });

  it('stores one test run for the asked recipe, marked as a test', async () => {
    const { db, journal } = openJournal();
    const inbox = new Inbox(journal, () => ['matched-normally']);
    const result = await inbox.accept({ ...delivery('t'), origin: 'test', testRecipe: 'chosen' });
    expect(db.prepare('SELECT recipe_id, test FROM runs WHERE id = ?').get(result.runIds[0]!)).toEqual({ recipe_id: 'chosen', test: 1 });
  });
});
