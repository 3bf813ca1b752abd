import type { Rejection } from '../../../shared/runs.ts';
import type { Database } from './database.ts';
import type { JournalWriter } from './journal-writer.ts';
import type { NewRejection, StoredRejection } from './journal-records.ts';

export const EXCERPT_BYTES = 512;
/** Enough to see why a platform's tests failed, bounded even if the throttle lets a trickle through for weeks. */
const KEEP_ROWS = 5000;

/**
 * Refused requests, kept (headers and a short excerpt, never a whole body) so the owner can see
 * why. Written by the journal writer, as deliveries and runs are, so a flood of forgeries never
 * makes the thread that answers genuine deliveries wait on the disk or the write lock.
 */
export class RejectionLog {
  private readonly db: Database;
  private readonly journal: JournalWriter;
  private readonly onRecorded: (rejection: Rejection) => void;

  /** `onRecorded` hears each refusal once it is stored. */
  constructor(db: Database, journal: JournalWriter, onRecorded: (rejection: Rejection) => void = () => {}) {
    this.db = db;
    this.journal = journal;
    this.onRecorded = onRecorded;
  }

  async record(rejection: NewRejection): Promise<Rejection> {
    const excerpt = rejection.excerpt.slice(0, EXCERPT_BYTES);
    const stored: StoredRejection = { ...rejection, headers: JSON.stringify(rejection.headers), excerpt };
    const id = await this.journal.call('recordRejection', stored, KEEP_ROWS);
    const recorded: Rejection = { ...rejection, id, at: new Date(rejection.at).toISOString(), excerpt };
    this.onRecorded(recorded);
    return recorded;
  }

  /** Newest first; `source` keeps one platform's, `beforeId` continues a list after its last row. */
  list(limit = 100, filter: { source?: string; beforeId?: number } = {}): Rejection[] {
    const rows = this.db
      .prepare('SELECT * FROM rejections WHERE (? IS NULL OR source = ?) AND id < ? ORDER BY id DESC LIMIT ?')
      .all(filter.source ?? null, filter.source ?? null, filter.beforeId ?? Number.MAX_SAFE_INTEGER, limit) as {
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
