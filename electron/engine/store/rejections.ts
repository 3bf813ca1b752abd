import type { Rejection } from '../../../shared/runs.ts';
import type { Database } from './database.ts';

export const EXCERPT_BYTES = 512;
const KEEP_ROWS = 5000;

export type NewRejection = Omit<Rejection, 'id' | 'at'> & { at: number };

/** Refused requests, kept (headers and a short excerpt, never a whole body) so the owner can see why. */
export class RejectionLog {
  private readonly db: Database;
  private inserted = 0;

  constructor(db: Database) {
    this.db = db;
  }

  record(rejection: NewRejection): void {
    this.db
      .prepare('INSERT INTO rejections (at, source, status, code, message, headers, excerpt) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(rejection.at, rejection.source, rejection.status, rejection.code, rejection.message, JSON.stringify(rejection.headers), rejection.excerpt.slice(0, EXCERPT_BYTES));
    // Keep the table bounded even if the throttle lets a slow trickle through for weeks.
    if (++this.inserted % 500 === 0) {
      this.db.prepare('DELETE FROM rejections WHERE id <= (SELECT MAX(id) FROM rejections) - ?').run(KEEP_ROWS);
    }
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
