import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { MIGRATIONS } from './schema.ts';
import { ensureSearchIndex } from './text-search.ts';

export type Database = DatabaseSync;

export interface OpenDatabaseOptions {
  dataDir: string;
  /** File name inside dataDir; ':memory:' is not offered on purpose: the inbox is durable or nothing. */
  fileName?: string;
}

/**
 * Opens (creating if needed) the journal. WAL with synchronous=FULL: a delivery we answered 2xx
 * survives a crash and a power cut. Automatic checkpoints are off so they never run on a
 * webhook's write path; the journal writer checkpoints when writes pause (journal-worker.ts).
 */
export function openDatabase({ dataDir, fileName = 'hooktray.db' }: OpenDatabaseOptions): Database {
  const file = join(dataDir, fileName);
  keepPrivate(dataDir, file);
  const db = new DatabaseSync(file, { timeout: 5000 });
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
    PRAGMA foreign_keys = ON;
    PRAGMA wal_autocheckpoint = 0;
  `);
  migrate(db);
  ensureSearchIndex(db);
  return db;
}

/**
 * The journal holds customers' names, addresses and orders: readable by this user only. A new
 * data folder is made 0700 (an existing one is the owner's choice), the journal file 0600, and
 * SQLite gives its -wal and -shm files the journal's own permissions.
 */
function keepPrivate(dataDir: string, file: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      chmodSync(file + suffix, 0o600);
    } catch {
      // Not there yet (SQLite makes them with the journal's permissions), or not ours to change.
    }
  }
}

function migrate(db: Database): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  for (let version = row.user_version; version < MIGRATIONS.length; version++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS[version]!);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}

/** Runs fn inside one transaction; rolls back and rethrows on error. */
export function transaction<T>(db: Database, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
