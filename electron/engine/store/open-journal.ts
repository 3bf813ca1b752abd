import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openDatabase, type Database } from './database.ts';

export const JOURNAL_FILE = 'hooktray.db';

export interface OpenedJournal {
  db: Database;
  /** Set when the file was damaged: where the damaged copy was moved, and why. */
  recovered?: { backup: string; reason: string; keptSettings: number };
}

/**
 * Opens the journal; if the file is damaged (not a database, malformed), it is never silently
 * replaced: the damaged files are moved aside (kept for recovery tools), what can still be read
 * of the small `meta` table (webhook tokens, install id) is carried over so the owner's pasted
 * URLs keep working, and the caller is told so it can say so loudly.
 */
export function openJournal(dataDir: string, now = new Date()): OpenedJournal {
  try {
    return { db: openDatabase({ dataDir, fileName: JOURNAL_FILE }) };
  } catch (error) {
    if (!isDamaged(error)) throw error;
    const path = join(dataDir, JOURNAL_FILE);
    const meta = salvageMeta(path);
    const backup = `${path}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(path + suffix)) renameSync(path + suffix, backup + suffix);
    }
    const db = openDatabase({ dataDir, fileName: JOURNAL_FILE });
    const insert = db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)');
    for (const row of meta) insert.run(row.key, row.value);
    return { db, recovered: { backup, reason: (error as Error).message, keptSettings: meta.length } };
  }
}

function isDamaged(error: unknown): boolean {
  const { errcode, message } = error as { errcode?: number; message?: string };
  // SQLITE_CORRUPT (11) and SQLITE_NOTADB (26), plus their messages for older builds.
  return errcode === 11 || errcode === 26 || /not a database|malformed|corrupt/i.test(message ?? '');
}

function salvageMeta(path: string): { key: string; value: string }[] {
  try {
    const damaged = new DatabaseSync(path, { readOnly: true });
    try {
      return (damaged.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).filter((r) => typeof r.key === 'string' && typeof r.value === 'string');
    } finally {
      damaged.close();
    }
  } catch {
    return [];
  }
}
