import type { SourceId } from '../../../shared/sources.ts';
import type { Database } from '../store/database.ts';

/** What catch-ups found for one platform and one offline period. */
export interface PeriodResult {
  checkedAt: number;
  succeeded: boolean;
  /** Events caught up by the catch-ups that covered the period. */
  fresh: number;
  /** A first look at a platform without a time filter (ClinchPad): what existed was recorded as seen, nothing run. */
  baseline: boolean;
  /** The last failure while none had succeeded. */
  error?: string;
}

/**
 * Catch-up bookkeeping kept in the journal (main-thread connection), so it survives restarts:
 * per platform the time up to which it surely fetched everything ("caught up through"), and per
 * offline period what the catch-ups that covered it found.
 */
export class CatchUpState {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Everything the platform had before this time was fetched; undefined before the first success. */
  caughtUpThrough(source: SourceId): number | undefined {
    const row = this.db.prepare('SELECT caught_up_through AS at FROM catch_up_marks WHERE source = ?').get(source) as { at: number } | undefined;
    return row?.at;
  }

  /** Moves the mark forward (never back: an explicit older --since must not undo a later success). */
  advance(source: SourceId, through: number): void {
    this.db
      .prepare(
        'INSERT INTO catch_up_marks (source, caught_up_through) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET caught_up_through = MAX(caught_up_through, excluded.caught_up_through)',
      )
      .run(source, through);
  }

  /**
   * Start of the oldest offline period not yet behind the mark (still going on, or ended after
   * it) that reaches into the platform's lookback (from `floor` on). A period that began before
   * the floor counts too: what the platform still keeps of it can be fetched.
   */
  oldestUncoveredPeriod(mark: number | undefined, floor: number): number | undefined {
    const row = this.db
      .prepare('SELECT MIN(started_at) AS at FROM offline_periods WHERE ended_at IS NULL OR ended_at > ?')
      .get(Math.max(mark ?? -1, floor)) as { at: number | null };
    return row.at ?? undefined;
  }

  /**
   * Ended offline periods a fetch of [since, through) covers. A fetch from the lookback `floor`
   * covers periods that began before it too: the platform keeps nothing older to fetch.
   */
  periodsCovered(since: number, through: number, floor: number): number[] {
    const rows = this.db
      .prepare('SELECT id FROM offline_periods WHERE ended_at IS NOT NULL AND ended_at <= ? AND (started_at >= ? OR ? <= ?)')
      .all(through, since, since, floor) as { id: number }[];
    return rows.map((r) => r.id);
  }

  recordSuccess(periods: readonly number[], source: SourceId, outcome: { fresh: number; baseline: boolean }, at: number): void {
    const upsert = this.db.prepare(
      `INSERT INTO catch_up_results (period_id, source, checked_at, succeeded, fresh, baseline, error) VALUES (?, ?, ?, 1, ?, ?, NULL)
       ON CONFLICT (period_id, source) DO UPDATE SET checked_at = excluded.checked_at, succeeded = 1, fresh = fresh + excluded.fresh, baseline = MAX(baseline, excluded.baseline), error = NULL`,
    );
    const fresh = outcome.baseline ? 0 : outcome.fresh;
    for (const id of periods) upsert.run(id, source, at, fresh, outcome.baseline ? 1 : 0);
  }

  /** A failure is kept only while no catch-up of the period succeeded: a later success says more. */
  recordFailure(periods: readonly number[], source: SourceId, error: string, at: number): void {
    const upsert = this.db.prepare(
      `INSERT INTO catch_up_results (period_id, source, checked_at, succeeded, fresh, error) VALUES (?, ?, ?, 0, 0, ?)
       ON CONFLICT (period_id, source) DO UPDATE SET checked_at = excluded.checked_at, error = excluded.error WHERE succeeded = 0`,
    );
    for (const id of periods) upsert.run(id, source, at, error);
  }

  resultsFor(periodId: number): Map<SourceId, PeriodResult> {
    const rows = this.db.prepare('SELECT source, checked_at, succeeded, fresh, baseline, error FROM catch_up_results WHERE period_id = ?').all(periodId) as {
      source: SourceId;
      checked_at: number;
      succeeded: number;
      fresh: number;
      baseline: number;
      error: string | null;
    }[];
    return new Map(
      rows.map((r) => [
        r.source,
        { checkedAt: r.checked_at, succeeded: r.succeeded === 1, fresh: r.fresh, baseline: r.baseline === 1, ...(r.error !== null ? { error: r.error } : {}) },
      ]),
    );
  }
}
