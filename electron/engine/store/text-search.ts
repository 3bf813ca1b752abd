// The connection's own type, not database.ts's alias: database.ts imports this file.
import type { DatabaseSync as Database } from 'node:sqlite';

/**
 * The activity view's text index: FTS5 with the trigram tokenizer over events.search (what
 * search-text.ts makes of each event), filled by the journal writer while writes pause.
 */
export const SEARCH_TABLE = 'events_text';
/** meta key: the highest event id in the text index. */
export const SEARCH_INDEXED = 'text-indexed-through';
/** The index from before events.search, over the summary alone: dropped where this SQLite can. */
const OLD_TABLE = 'events_search';
const OLD_INDEXED = 'search-indexed-through';

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

const tableExists = (db: Database, name = SEARCH_TABLE) => db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;

/**
 * Creates the index where this SQLite can, after the migrations (a journal started without it
 * gets it once opened by a SQLite that has it; the writer then fills it from the first event).
 */
export function ensureSearchIndex(db: Database): SearchSupport {
  const support = trigramSupport(db);
  if (support.indexed && !tableExists(db)) {
    db.exec(`CREATE VIRTUAL TABLE ${SEARCH_TABLE} USING fts5(search, content='events', content_rowid='id', tokenize='trigram')`);
  }
  if (support.indexed && tableExists(db, OLD_TABLE)) {
    db.exec(`DROP TABLE ${OLD_TABLE}; DELETE FROM meta WHERE key = '${OLD_INDEXED}';`);
  }
  return support;
}

/** Whether searches and the writer may use the index on this connection: it exists and this SQLite can read it. */
export function searchIndexUsable(db: Database): boolean {
  return trigramSupport(db).indexed && tableExists(db);
}

/** The highest event id in the index (0 before any). */
export function searchIndexedThrough(db: Database): number {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(SEARCH_INDEXED) as { value: string } | undefined;
  return Number(row?.value ?? 0);
}

/**
 * Whether the journal writer has search work waiting: events from before events.search (a
 * journal made by an older Hooktray) or events not yet in the index. The writer does it only
 * while writes pause, so a start with work waiting hands it a first chunk.
 */
export function searchWorkWaiting(db: Database): boolean {
  if (db.prepare('SELECT 1 FROM events WHERE search IS NULL LIMIT 1').get()) return true;
  if (!searchIndexUsable(db)) return false;
  return db.prepare('SELECT 1 FROM events WHERE id > ? LIMIT 1').get(searchIndexedThrough(db)) !== undefined;
}
