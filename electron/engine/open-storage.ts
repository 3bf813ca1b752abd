import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogLine } from '../../shared/log-line.ts';
import { HooktrayError } from '../../shared/errors.ts';
import type { Database } from './store/database.ts';
import { JournalDamaged, openJournal } from './store/open-journal.ts';

export interface OpenedStorage {
  db: Database;
  /** What the owner must be told about the journal found on disk (damage recovered from). */
  notices: { level: LogLine['level']; text: string }[];
}

/**
 * Opens the journal in the data folder, or refuses with a message an owner can act on: a folder
 * that cannot be written (read-only, full, not theirs) or a journal whose damage would lose
 * deliveries already accepted. Damage that could be recovered from comes back as notices.
 */
export function openStorage(dataDir: string): OpenedStorage {
  // Before SQLite: after a crash it opens a read-only journal without complaint, and the first write fails much later.
  const why = unwritableBecause(dataDir);
  if (why)
    throw new HooktrayError(
      'storage_unavailable',
      `Cannot write to the data folder ${dataDir}: ${why}. Free some space or choose a writable folder with --data-dir.`,
    );
  let opened;
  try {
    opened = openJournal(dataDir);
  } catch (error) {
    if (error instanceof JournalDamaged) {
      throw new HooktrayError(
        'storage_unavailable',
        `Hooktray did not start: the journal in ${dataDir} is damaged (${error.message}). Starting would lose deliveries it had already accepted, so nothing was changed; ${error.backup ? `a copy of its files was made as ${error.backup}*. Keep that copy for a recovery tool` : 'no copy of its files could be made (is the disk full?), so copy the hooktray.db* files somewhere safe first'}. To start anyway with what can still be read, delete ${join(dataDir, 'hooktray.db-wal')}.`,
      );
    }
    const late = unwritableBecause(dataDir);
    if (late)
      throw new HooktrayError(
        'storage_unavailable',
        `Cannot write to the data folder ${dataDir}: ${late}. Free some space or choose a writable folder with --data-dir.`,
      );
    throw error;
  }
  const notices: OpenedStorage['notices'] = [];
  const { recovered, walRebuilt } = opened;
  if (recovered) {
    notices.push({
      level: 'error',
      text: `The journal file in ${dataDir} was damaged (${recovered.reason}). It was moved to ${recovered.backup} and a new one started; ${recovered.keptSettings ? 'your webhook addresses were kept' : 'your webhook addresses could not be read from it and have changed: paste the new ones into your platforms'}. Deliveries and runs before now are only in the damaged copy.`,
    });
  }
  if (walRebuilt) {
    notices.push({
      level: 'warning',
      text: `The journal's recovery file in ${dataDir} was damaged (its first bytes were overwritten, as a crash or a disk fault can do). Hooktray rebuilt them from the rest of the file, so every delivery saved in it was kept${walRebuilt.backup ? `; a copy of the files as found is in ${walRebuilt.backup}*` : ''}.`,
    });
  }
  return { db: opened.db, notices };
}

/** Why a folder cannot take a new file, in plain words; undefined if it can. */
function unwritableBecause(dir: string): string | undefined {
  const probe = join(dir, `.write-test-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(probe, 'x');
    rmSync(probe);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EROFS') return 'it is read-only';
    if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
    if (code === 'EACCES' || code === 'EPERM') return 'this user may not write there';
    return `it cannot be written (${(error as Error).message})`;
  }
}
