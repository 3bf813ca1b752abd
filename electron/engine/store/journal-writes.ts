import type { Database } from './database.ts';
import type { AcceptOutcome, AcceptResult, AttemptRecord, ClaimedRow, DeliveryRecord, StoredRejection } from './journal-records.ts';
import { journalFailure } from './journal-failure.ts';
import { DayCountWrites } from './day-counts.ts';
import { decodeEvent } from './event-codec.ts';
import { searchText } from './search-text.ts';
import { SEARCH_INDEXED, SEARCH_TABLE, searchIndexUsable, searchIndexedThrough } from './text-search.ts';

/**
 * Every write on the webhook and runner paths, run by the one writer connection (in the
 * journal worker). Synchronous: node:sqlite is, and the worker thread is where blocking is fine.
 */
export class JournalWrites {
  private readonly db: Database;
  private readonly statements;
  private readonly days: DayCountWrites;

  constructor(db: Database) {
    this.db = db;
    this.days = new DayCountWrites(db);
    this.statements = {
      delivery: db.prepare(`INSERT INTO deliveries (source, platform_id, platform_event, origin, received_at, headers, body)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, platform_id) DO NOTHING RETURNING id`),
      event: db.prepare(`INSERT INTO events (delivery_id, source, key, type, platform_event, summary, search, occurred_at, received_at, event)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, key) DO NOTHING RETURNING id`),
      run: db.prepare(`INSERT INTO runs (event_id, recipe_id, status, next_attempt_at, test, replay, draft, created_at, updated_at)
        VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?) RETURNING id`),
      claim: db.prepare(`UPDATE runs SET status = 'running', updated_at = ?
        WHERE id IN (SELECT id FROM runs WHERE status IN ('queued', 'retrying') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?)
        RETURNING id, recipe_id, attempts, budget_from, test, draft, event_id`),
      attempt: db.prepare('INSERT INTO attempts (run_id, n, started_at, finished_at, outcome, error, detail) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      runAfterAttempt: db.prepare(
        'UPDATE runs SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, detail = COALESCE(?, detail), updated_at = ? WHERE id = ?',
      ),
      release: db.prepare(
        `UPDATE runs SET status = CASE WHEN attempts = 0 THEN 'queued' ELSE 'retrying' END, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'running'`,
      ),
      requeue: db.prepare(`UPDATE runs SET status = CASE WHEN attempts = 0 THEN 'queued' ELSE 'retrying' END, next_attempt_at = ?, updated_at = ?
        WHERE status = 'running' AND id NOT IN (SELECT value FROM json_each(?))`),
      rejection: db.prepare('INSERT INTO rejections (at, source, status, code, message, headers, excerpt) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      pruneRejections: db.prepare('DELETE FROM rejections WHERE id <= (SELECT MAX(id) FROM rejections) - ?'),
      // Prepared once: exec() would compile these on every commit of the hot path.
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      retry: db.prepare(
        `UPDATE runs SET status = 'queued', next_attempt_at = ?, budget_from = attempts, updated_at = ? WHERE id = ? AND status IN ('failed', 'retrying', 'succeeded')`,
      ),
    };
  }

  /**
   * One transaction for the whole batch, one fsync for all of it. If any delivery fails, the
   * batch is rolled back and written again one by one, so one bad row cannot sink the others.
   */
  acceptBatch(batch: DeliveryRecord[]): AcceptOutcome[] {
    try {
      return this.transaction(() => batch.map((d) => this.writeDelivery(d)));
    } catch (batchError) {
      if (batch.length === 1) return [{ error: journalFailure(batchError) }];
      return batch.map((d) => {
        try {
          return this.transaction(() => this.writeDelivery(d));
        } catch (error) {
          return { error: journalFailure(error) };
        }
      });
    }
  }

  /**
   * Plain numbers and text only: the events themselves are read on the main thread, so no
   * payload, however odd, ever has to cross between threads (see RunStore.claimDue).
   */
  claimDue(now: number, limit: number): ClaimedRow[] {
    const rows = this.statements.claim.all(now, now, limit) as {
      id: number;
      recipe_id: string;
      attempts: number;
      budget_from: number;
      test: number;
      draft: string | null;
      event_id: number;
    }[];
    return rows
      .sort((a, b) => a.id - b.id)
      .map((row) => ({
        id: row.id,
        recipeId: row.recipe_id,
        attempt: row.attempts + 1,
        budgetUsed: row.attempts + 1 - row.budget_from,
        test: row.test === 1,
        ...(row.draft !== null ? { draft: row.draft } : {}),
        eventId: row.event_id,
      }));
  }

  recordAttempt(runId: number, attempt: number, r: AttemptRecord): void {
    this.transaction(() => {
      const before = this.days.runFacts(runId);
      this.statements.attempt.run(runId, attempt, r.startedAt, r.finishedAt, r.outcome, r.error ?? null, r.detail ?? null);
      this.statements.runAfterAttempt.run(r.status, attempt, r.nextAttemptAt ?? null, r.error ?? null, r.detail ?? null, r.finishedAt, runId);
      this.days.runMoved(before, r.status);
    });
  }

  release(runId: number, now: number): void {
    this.statements.release.run(now, now, runId);
  }

  /** Puts back every run marked running except `stillRunning` (the ones a live runner holds). */
  requeueInterrupted(now: number, stillRunning: readonly number[] = []): number {
    return Number(this.statements.requeue.run(now, now, JSON.stringify(stillRunning)).changes);
  }

  /**
   * Search work, up to `limit` events a call: first the search text of events stored before
   * there was one (made from the stored event, as the inbox makes it for new ones), then the
   * trigram index, in id order and never past an event without its text. Returns how many it
   * did. Called when writes pause, so searching costs the webhook path nothing.
   */
  indexSearch(limit: number): number {
    const filled = this.fillSearchText(limit);
    if (!searchIndexUsable(this.db)) return filled; // this SQLite has no trigram index: searches scan instead
    const rows = this.db.prepare('SELECT id, search FROM events WHERE id > ? ORDER BY id LIMIT ?').all(searchIndexedThrough(this.db), limit) as {
      id: number;
      search: string | null;
    }[];
    const ready = rows.slice(0, (rows.findIndex((r) => r.search === null) + 1 || rows.length + 1) - 1);
    if (!ready.length) return filled;
    this.transaction(() => {
      const insert = this.db.prepare(`INSERT INTO ${SEARCH_TABLE} (rowid, search) VALUES (?, ?)`);
      for (const row of ready) insert.run(row.id, row.search);
      this.db
        .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(SEARCH_INDEXED, String(ready.at(-1)!.id));
    });
    return filled + ready.length;
  }

  /** Search text for up to `limit` events kept before it existed; one that cannot be read is found by its summary. */
  private fillSearchText(limit: number): number {
    const rows = this.db
      .prepare('SELECT e.id, e.summary, e.event, d.body FROM events e JOIN deliveries d ON d.id = e.delivery_id WHERE e.search IS NULL ORDER BY e.id LIMIT ?')
      .all(limit) as { id: number; summary: string; event: string; body: Uint8Array }[];
    if (!rows.length) return 0;
    this.transaction(() => {
      const update = this.db.prepare('UPDATE events SET search = ? WHERE id = ?');
      for (const row of rows) {
        let text: string;
        try {
          text = searchText(decodeEvent(row.event, row.body));
        } catch {
          text = row.summary;
        }
        update.run(text, row.id);
      }
    });
    return rows.length;
  }

  /** A refused request; the table is kept to its newest `keep` rows every so often. */
  /** Returns the refusal's id. */
  recordRejection(r: StoredRejection, keep: number): number {
    const id = Number(this.statements.rejection.run(r.at, r.source, r.status, r.code, r.message, r.headers, r.excerpt).lastInsertRowid);
    if (id % 500 === 0) this.statements.pruneRejections.run(keep);
    return id;
  }

  /** Replay: new runs of these recipes for an event that is already stored. */
  replay(eventId: number, recipeIds: string[], now: number): number[] {
    return this.transaction(() => recipeIds.map((recipeId) => (this.statements.run.get(eventId, recipeId, now, 0, 1, null, now, now) as { id: number }).id));
  }

  /** The owner's Retry: a done or failed run leaves the day's counts until it ends again. */
  retry(runId: number, now: number): boolean {
    return this.transaction(() => {
      const before = this.days.runFacts(runId);
      const moved = Number(this.statements.retry.run(now, now, runId).changes) > 0;
      if (moved) this.days.runMoved(before, 'queued');
      return moved;
    });
  }

  private writeDelivery(d: DeliveryRecord): AcceptResult {
    const row = this.statements.delivery.get(d.source, d.platformId ?? null, d.platformEvent, d.origin, d.receivedAt, d.headers, d.body) as
      { id: number } | undefined;
    if (!row) return { duplicate: true, eventIds: [], runIds: [] };
    const eventIds: number[] = [];
    const runIds: number[] = [];
    for (const e of d.events) {
      const stored = this.statements.event.get(row.id, e.source, e.key, e.type, e.platformEvent, e.summary, e.search, e.occurredAt, d.receivedAt, e.json) as
        { id: number } | undefined;
      if (!stored) continue;
      eventIds.push(stored.id);
      if (!d.test && d.origin !== 'test') this.days.received(d.receivedAt, e.source, e.type);
      for (const recipeId of e.recipes) {
        const run = this.statements.run.get(stored.id, recipeId, d.receivedAt, d.test ? 1 : 0, 0, d.draft ?? null, d.receivedAt, d.receivedAt) as {
          id: number;
        };
        runIds.push(run.id);
      }
    }
    return { duplicate: false, deliveryId: row.id, eventIds, runIds };
  }

  private transaction<T>(fn: () => T): T {
    this.statements.begin.run();
    try {
      const result = fn();
      this.statements.commit.run();
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }
}
