import { dayRange, type DailyCount, type DailyStats } from '../../../shared/daily-stats.ts';
import type { EventType } from '../../../shared/events.ts';
import { SOURCE_IDS, type SourceId } from '../../../shared/sources.ts';
import type { Database } from './database.ts';
import { LOCAL_DAY } from './day-counts.ts';

/** Home's daily numbers: one read of day_counts for the period, and the runs waiting for a retry. */
export class DailyStatsQuery {
  // Prepared once: Home asks again after every burst of deliveries.
  private readonly statements;

  constructor(db: Database) {
    this.statements = {
      today: db.prepare(`SELECT ${LOCAL_DAY} AS day`),
      counts: db.prepare('SELECT day, source, what, n FROM day_counts WHERE day >= ? AND day <= ? AND n > 0'),
      // Tests are never retried now, but a journal from before may hold one waiting.
      // Both from indexes alone (runs_due, runs_tests): a big backlog waiting is not read row by row.
      waiting:
        db.prepare(`SELECT (SELECT COUNT(*) FROM runs WHERE status = 'retrying') - (SELECT COUNT(*) FROM runs WHERE status = 'retrying' AND test = 1) AS n,
        (SELECT next_attempt_at FROM runs WHERE status = 'retrying' AND test = 0 ORDER BY next_attempt_at LIMIT 1) AS next`),
      newest: db.prepare(
        `SELECT e.received_at AS at FROM events e JOIN deliveries d ON d.id = e.delivery_id WHERE e.source = ? AND d.origin <> 'test' ORDER BY e.id DESC LIMIT 1`,
      ),
    };
  }

  daily(days: number, now = Date.now()): DailyStats {
    const today = (this.statements.today.get(now) as { day: string }).day;
    const range = dayRange(today, days);
    const rows = this.statements.counts.all(range[0]!, today) as { day: string; source: SourceId; what: string; n: number }[];
    const counts = rows.map((row): DailyCount => {
      const [kind, rest] = [row.what.slice(0, row.what.indexOf(':')), row.what.slice(row.what.indexOf(':') + 1)];
      if (kind === 'in') return { day: row.day, source: row.source, kind: 'received', type: rest as EventType, n: row.n };
      return { day: row.day, source: row.source, kind: kind === 'done' ? 'done' : 'failed', recipeId: rest, n: row.n };
    });
    const waiting = this.statements.waiting.get() as { n: number; next: number | null };
    return {
      days: range,
      counts,
      retrying: { runs: waiting.n, ...(waiting.next !== null ? { nextAt: new Date(waiting.next).toISOString() } : {}) },
      lastReceived: this.lastReceived(),
    };
  }

  /** Each platform's newest real delivery: from its newest event back past the few tests (events_source). */
  private lastReceived(): Partial<Record<SourceId, string>> {
    const out: Partial<Record<SourceId, string>> = {};
    for (const source of SOURCE_IDS) {
      const row = this.statements.newest.get(source) as { at: number } | undefined;
      if (row) out[source] = new Date(row.at).toISOString();
    }
    return out;
  }
}
