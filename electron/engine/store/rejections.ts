import type { Rejection } from '../../../shared/runs.ts';
import type { Database } from './database.ts';
import type { Journal } from './journal.ts';

export const EXCERPT_BYTES = 512;
/** Enough to see why a platform's tests failed, bounded even if the throttle lets a trickle through for weeks. */
const KEEP_ROWS = 5000;

export type NewRejection = Omit<Rejection, 'id' | 'at'> & { at: number };
/** A rejection as the journal writer stores it. */
export type StoredRejection = Omit<NewRejection, 'headers'> & { headers: string };

/**
 * Refused requests, kept (headers and a short excerpt, never a whole body) so the owner can see
 * why. Written by the journal writer, as deliveries and runs are, so a flood of forgeries never
 * makes the thread that answers genuine deliveries wait on the disk or the write lock.
 */
export class RejectionLog {
  private readonly db: Database;
  private readonly journal: Journal;

  constructor(db: Database, journal: Journal) {
    this.db = db;
    this.journal = journal;
  }

  record(rejection: NewRejection): Promise<void> {
    const stored: StoredRejection = { ...rejection, headers: JSON.stringify(rejection.headers), excerpt: rejection.excerpt.slice(0, EXCERPT_BYTES) };
    return this.journal.call('recordRejection', stored, KEEP_ROWS);
  }

  list(limit = 100): Rejection[] {
    const rows = this.db.prepare('SELECT * FROM rejections ORDER BY id DESC LIMIT ?').all(limit) as {
      id: number;
      at: number;
      source: string;
      status: number;
      code: string;
      message: string;
      headers: string;
      excerpt: string;
    }[];
    return rows.map((row) => ({ ...row, at: new Date(row.at).toISOString(), headers: JSON.parse(row.headers) as Record<string, string> }));
  }
}
