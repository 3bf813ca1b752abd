import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openDatabase, type Database } from './database.ts';
import { checkWal } from './wal-check.ts';

export const JOURNAL_FILE = 'hooktray.db';

export interface OpenedJournal {
  db: Database;
  /** Set when the file was damaged: where the damaged copy was moved, and why. */
  recovered?: { backup: string; reason: string; keptSettings: number };
  /** Set when the first bytes of the write-ahead log were damaged and rebuilt: where the damaged copy is (none if the disk had no room). */
  walRebuilt?: { backup: string | undefined };
}

/** The journal cannot be opened without losing deliveries it already accepted; a copy of its files is kept. */
export class JournalDamaged extends Error {
  /** Where the copy is; undefined if none could be made (a full disk): the files themselves are untouched. */
  readonly backup: string | undefined;
  constructor(reason: string, backup: string | undefined) {
    super(reason);
    this.name = 'JournalDamaged';
    this.backup = backup;
  }
}

const SUFFIXES = ['', '-wal', '-shm'] as const;

/**
 * Opens the journal; damage is never silently reset. Before SQLite reads anything, the
 * write-ahead log is checked (wal-check.ts): SQLite would quietly drop a log whose header a
 * crash or bad sector overwrote, and with it every delivery saved since the last checkpoint.
 * A damaged header is rebuilt from the frames behind it (a copy of the files is kept first);
 * damage that cannot be undone stops the start (JournalDamaged), with the files copied aside.
 * A database file that is not a database (malformed, or empty with no log to rebuild it from)
 * is moved aside (kept for recovery tools), what can still be read of the small `meta` table
 * (webhook tokens, install id) is carried over so the owner's pasted URLs keep working, and the
 * caller is told so it can say so loudly.
 */
export function openJournal(dataDir: string, now = new Date()): OpenedJournal {
  const path = join(dataDir, JOURNAL_FILE);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const backup = `${path}.damaged-${stamp}`;
  let walRebuilt: OpenedJournal['walRebuilt'];
  const wal = checkWal(`${path}-wal`, path);
  if (!wal.ok) {
    const copy = copyAside(path, 'damage' in wal ? backup : `${path}.before-repair-${stamp}`);
    if ('damage' in wal) throw new JournalDamaged(wal.damage, copy);
    writeAt(`${path}-wal`, wal.header);
    walRebuilt = { backup: copy };
  }
  try {
    if (sizeOf(path) === 0 && !sizeOf(`${path}-wal`)) throw Object.assign(new Error('it was empty: 0 bytes'), { errcode: 26 });
    return { db: openDatabase({ dataDir, fileName: JOURNAL_FILE }), ...(walRebuilt ? { walRebuilt } : {}) };
  } catch (error) {
    if (!isDamaged(error)) throw error;
    const meta = salvageMeta(path);
    for (const suffix of SUFFIXES) {
      if (existsSync(path + suffix)) renameSync(path + suffix, backup + suffix);
    }
    const db = openDatabase({ dataDir, fileName: JOURNAL_FILE });
    const insert = db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)');
    for (const row of meta) insert.run(row.key, row.value);
    return { db, recovered: { backup, reason: (error as Error).message, keptSettings: meta.length } };
  }
}

/** Copies the journal's files to `copy` + the same suffixes; the copy's name, or undefined if the disk had no room. */
function copyAside(path: string, copy: string): string | undefined {
  try {
    for (const suffix of SUFFIXES) if (existsSync(path + suffix)) copyFileSync(path + suffix, copy + suffix);
    return copy;
  } catch {
    for (const suffix of SUFFIXES) rmSync(copy + suffix, { force: true });
    return undefined;
  }
}

function sizeOf(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

/** Overwrites the start of a file in place and waits for the disk. */
function writeAt(file: string, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
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
      return (damaged.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).filter(
        (r) => typeof r.key === 'string' && typeof r.value === 'string',
      );
    } finally {
      damaged.close();
    }
  } catch {
    return [];
  }
}
