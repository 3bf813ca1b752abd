import type { RunStatus } from '../../../shared/runs.ts';
import type { Database } from './database.ts';

/** A day as the journal names it: the owner's local date of a time in ms (SQLite's, so it matches the migration's). */
export const LOCAL_DAY = `date(? / 1000, 'unixepoch', 'localtime')`;

/** What a run's move between states changes in the counts. */
export interface RunFacts {
  status: RunStatus;
  test: number;
  replay: number;
  recipe_id: string;
  source: string;
  received_at: number;
}

const COUNTED: Partial<Record<RunStatus, string>> = { succeeded: 'done:', failed: 'failed:' };

/**
 * Keeps day_counts (schema.ts) current, on the writer's connection, inside the writer's own
 * transactions: a delivery's events are counted as they are stored, a run as it becomes done or
 * failed and uncounted as it leaves that state (the owner's Retry). Tests and replays never count.
 */
export class DayCountWrites {
  private readonly add;
  private readonly facts;

  constructor(db: Database) {
    this.add = db.prepare(
      `INSERT INTO day_counts (day, source, what, n) VALUES (${LOCAL_DAY}, ?, ?, ?) ON CONFLICT (day, source, what) DO UPDATE SET n = n + excluded.n`,
    );
    this.facts = db.prepare(
      'SELECT r.status, r.test, r.replay, r.recipe_id, e.source, e.received_at FROM runs r JOIN events e ON e.id = r.event_id WHERE r.id = ?',
    );
  }

  received(receivedAt: number, source: string, type: string): void {
    this.add.run(receivedAt, source, `in:${type}`, 1);
  }

  /** A run's state before a change (read inside the same transaction). */
  runFacts(runId: number): RunFacts | undefined {
    return this.facts.get(runId) as RunFacts | undefined;
  }

  runMoved(facts: RunFacts | undefined, to: RunStatus): void {
    if (!facts || facts.test || facts.replay || facts.status === to) return;
    const from = COUNTED[facts.status];
    const into = COUNTED[to];
    if (from) this.add.run(facts.received_at, facts.source, from + facts.recipe_id, -1);
    if (into) this.add.run(facts.received_at, facts.source, into + facts.recipe_id, 1);
  }
}
