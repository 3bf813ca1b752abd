// The connection's own type, not database.ts's alias: database.ts imports this file.
import type { DatabaseSync as Database } from 'node:sqlite';

/** The activity view's text index: FTS5 with the trigram tokenizer, filled by the journal writer. */
export const SEARCH_TABLE = 'events_search';

/**
 * Not every SQLite has FTS5, or FTS5's trigram tokenizer (SQLite 3.34+); Electron's build of
 * node:sqlite is not verified to have either. Without them the journal works the same and the
 * activity search scans the summaries instead (slower over many events, same answers).
 */
export interface SearchSupport {
  indexed: boolean;
  /** Why there is no index (SQLite's own words: "no such module: fts5"), when there is none. */
  reason?: string;
}

const known = new WeakMap<Database, SearchSupport>();

/** Whether this connection's SQLite can build and read the trigram index; asked once per connection. */
export function trigramSupport(db: Database): SearchSupport {
  let support = known.get(db);
  if (!support) {
    try {
      db.exec(`CREATE VIRTUAL TABLE temp.hooktray_trigram_probe USING fts5(x, tokenize='trigram'); DROP TABLE temp.hooktray_trigram_probe;`);
      support = { indexed: true };
    } catch (error) {
      support = { indexed: false, reason: (error as Error).message };
    }
    known.set(db, support);
  }
  return support;
}

const tableExists = (db: Database) => db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(SEARCH_TABLE) !== undefined;

/**
 * Creates the index where this SQLite can, after the migrations (a journal started without it
 * gets it once opened by a SQLite that has it; the writer then fills it from the first event).
 */
export function ensureSearchIndex(db: Database): SearchSupport {
  const support = trigramSupport(db);
  if (support.indexed && !tableExists(db)) {
    db.exec(`CREATE VIRTUAL TABLE ${SEARCH_TABLE} USING fts5(summary, content='events', content_rowid='id', tokenize='trigram')`);
  }
  return support;
}

/** Whether searches and the writer may use the index on this connection: it exists and this SQLite can read it. */
export function searchIndexUsable(db: Database): boolean {
  return trigramSupport(db).indexed && tableExists(db);
}
