import type { HooktrayEvent } from '../../../shared/events.ts';
import { waitsForNextAttempt, type Attempt, type AttemptOutcome, type Run, type RunDetail, type RunStatus } from '../../../shared/runs.ts';
import type { Database } from './database.ts';
import { decodeEvent } from './event-codec.ts';
import type { JournalWriter } from './journal-writer.ts';
import type { AttemptRecord, ClaimedRow } from './journal-records.ts';

interface RunRow {
  id: number;
  event_id: number;
  recipe_id: string;
  status: RunStatus;
  attempts: number;
  budget_from: number;
  next_attempt_at: number | null;
  last_error: string | null;
  detail: string | null;
  test: number;
  replay: number;
  created_at: number;
  updated_at: number;
  source: string;
  type: string;
  summary: string;
}

export interface ClaimedRun extends Omit<ClaimedRow, 'eventId'> {
  event: HooktrayEvent;
  /**
   * Why the stored event cannot be read (damaged, or nested past the intake limits from before
   * they existed); `event` then holds only its stored columns. The run fails with this, alone.
   */
  unreadable?: string;
}

const RUN_COLUMNS = `r.id, r.event_id, r.recipe_id, r.status, r.attempts, r.budget_from, r.next_attempt_at, r.last_error,
  r.detail, r.test, r.replay, r.created_at, r.updated_at, e.source, e.type, e.summary`;

/**
 * Runs: reads on the main thread's connection, state changes through the journal writer (so
 * they queue behind deliveries instead of blocking the event loop on the write lock).
 */
export class RunStore {
  private readonly db: Database;
  private readonly journal: JournalWriter;

  constructor(db: Database, journal: JournalWriter) {
    this.db = db;
    this.journal = journal;
  }

  /** Marks up to `limit` due runs as running and returns them with their events, oldest first. */
  async claimDue(now: number, limit: number): Promise<ClaimedRun[]> {
    const rows = await this.journal.call('claimDue', now, limit);
    return rows.map(({ eventId, ...run }) => {
      try {
        return { ...run, event: this.event(eventId) ?? this.storedColumns(eventId) };
      } catch (error) {
        return { ...run, event: this.storedColumns(eventId), unreadable: (error as Error).message };
      }
    });
  }

  /** An event as its indexed columns have it, for a run whose full event cannot be read. */
  private storedColumns(eventId: number): HooktrayEvent {
    const row = this.db.prepare('SELECT source, key, type, platform_event, summary, occurred_at FROM events WHERE id = ?').get(eventId) as
      { source: HooktrayEvent['source']; key: string; type: HooktrayEvent['type']; platform_event: string; summary: string; occurred_at: string } | undefined;
    if (!row) throw new Error(`The journal has no event ${eventId}.`);
    return {
      source: row.source,
      key: row.key,
      type: row.type,
      platformEvent: row.platform_event,
      summary: row.summary,
      occurredAt: row.occurred_at,
      data: undefined,
    };
  }

  recordAttempt(runId: number, attempt: number, record: AttemptRecord): Promise<void> {
    return this.journal.call('recordAttempt', runId, attempt, record);
  }

  /** Puts a claimed run back without counting an attempt (clean stop, pause). */
  release(runId: number, now: number): Promise<void> {
    return this.journal.call('release', runId, now);
  }

  /**
   * Runs left `running` go back to the queue, except `stillRunning`: after a crash (none are
   * running), or after a claim whose answer was lost (only the runner knows what it holds).
   * Resolves with how many.
   */
  requeueInterrupted(now: number, stillRunning: readonly number[] = []): Promise<number> {
    return this.journal.call('requeueInterrupted', now, stillRunning);
  }

  /** The owner's "Retry": a failed (or waiting) run runs now, with a fresh retry budget. */
  async retry(runId: number, now: number): Promise<Run | undefined> {
    return (await this.journal.call('retry', runId, now)) ? this.find(runId) : undefined;
  }

  /** Replay: the recipes run again for an event already stored (new runs, attempts start at 1). */
  replay(eventId: number, recipeIds: string[], now: number): Promise<number[]> {
    return this.journal.call('replay', eventId, recipeIds, now);
  }

  /** A stored event as received (its data restored from the delivery body). */
  event(eventId: number): HooktrayEvent | undefined {
    const row = this.db.prepare('SELECT e.event, d.body FROM events e JOIN deliveries d ON d.id = e.delivery_id WHERE e.id = ?').get(eventId) as
      { event: string; body: Uint8Array } | undefined;
    return row ? decodeEvent(row.event, row.body) : undefined;
  }

  /** How many of a run's attempts after attempt `afterN` were rate-limit waits (they do not count against its limit). */
  rateLimitWaits(runId: number, afterN: number): number {
    const row = this.db.prepare(`SELECT COUNT(*) AS n FROM attempts WHERE run_id = ? AND n > ? AND outcome = 'rate-limited'`).get(runId, afterN) as {
      n: number;
    };
    return row.n;
  }

  /** The earliest time a queued or retrying run is due, if any. */
  nextDueAt(): number | undefined {
    const row = this.db.prepare(`SELECT MIN(next_attempt_at) AS at FROM runs WHERE status IN ('queued', 'retrying')`).get() as { at: number | null };
    return row.at ?? undefined;
  }

  /** A run as it is stored now. */
  find(runId: number): Run | undefined {
    const row = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs r JOIN events e ON e.id = r.event_id WHERE r.id = ?`).get(runId) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  /** A run with every attempt it made. */
  get(runId: number): RunDetail | undefined {
    const run = this.find(runId);
    if (!run) return undefined;
    const attempts = this.db.prepare('SELECT n, started_at, finished_at, outcome, error, detail FROM attempts WHERE run_id = ? ORDER BY n').all(runId) as {
      n: number;
      started_at: number;
      finished_at: number;
      outcome: AttemptOutcome;
      error: string | null;
      detail: string | null;
    }[];
    return {
      ...run,
      attemptLog: attempts.map((a): Attempt => ({
        n: a.n,
        startedAt: new Date(a.started_at).toISOString(),
        finishedAt: new Date(a.finished_at).toISOString(),
        outcome: a.outcome,
        ...(a.error ? { error: a.error } : {}),
        ...(a.detail ? { detail: a.detail } : {}),
      })),
    };
  }

  /** Newest first. */
  list(options: { status?: RunStatus; recipeId?: string; limit?: number; beforeId?: number } = {}): Run[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (options.status) {
      where.push('r.status = ?');
      params.push(options.status);
    }
    if (options.recipeId) {
      where.push('r.recipe_id = ?');
      params.push(options.recipeId);
    }
    if (options.beforeId) {
      where.push('r.id < ?');
      params.push(options.beforeId);
    }
    const sql = `SELECT ${RUN_COLUMNS} FROM runs r JOIN events e ON e.id = r.event_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, options.limit ?? 100) as unknown as RunRow[]).map(toRun);
  }

  /** The runs of these events, oldest first, by event. */
  forEvents(eventIds: readonly number[]): Map<number, Run[]> {
    const byEvent = new Map<number, Run[]>();
    if (!eventIds.length) return byEvent;
    const rows = this.db
      .prepare(`SELECT ${RUN_COLUMNS} FROM runs r JOIN events e ON e.id = r.event_id WHERE r.event_id IN (${eventIds.map(() => '?').join(',')}) ORDER BY r.id`)
      .all(...eventIds) as unknown as RunRow[];
    for (const row of rows) {
      const list = byEvent.get(row.event_id) ?? [];
      list.push(toRun(row));
      byEvent.set(row.event_id, list);
    }
    return byEvent;
  }

  /**
   * Runs by status, tests left out: a test is the owner trying a recipe, not work Hooktray did or
   * owes (a failed one must not turn Home or the tray red). All runs through the covering
   * (status, event_id) index, minus the tests through their own small index.
   */
  countByStatus(): Record<RunStatus, number> {
    const counts: Record<RunStatus, number> = { queued: 0, running: 0, retrying: 0, succeeded: 0, failed: 0 };
    for (const row of this.db.prepare('SELECT status, COUNT(*) AS n FROM runs GROUP BY status').all() as { status: RunStatus; n: number }[]) {
      counts[row.status] = row.n;
    }
    for (const row of this.db.prepare('SELECT status, COUNT(*) AS n FROM runs WHERE test = 1 GROUP BY status').all() as { status: RunStatus; n: number }[]) {
      counts[row.status] -= row.n;
    }
    return counts;
  }
}

function toRun(row: RunRow): Run {
  return {
    id: row.id,
    recipeId: row.recipe_id,
    eventId: row.event_id,
    source: row.source as Run['source'],
    eventType: row.type as Run['eventType'],
    summary: row.summary,
    status: row.status,
    attempts: row.attempts,
    ...(row.next_attempt_at !== null && waitsForNextAttempt(row.status) ? { nextAttemptAt: new Date(row.next_attempt_at).toISOString() } : {}),
    ...(row.last_error ? { lastError: row.last_error } : {}),
    ...(row.detail ? { detail: row.detail } : {}),
    test: row.test === 1,
    replay: row.replay === 1,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
