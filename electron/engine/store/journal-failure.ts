/** Why a write failed; `disk` when the disk or the file refused it (full, read-only, I/O error). */
export interface JournalFailure {
  message: string;
  disk?: boolean;
}

/** SQLite's primary result codes that mean the disk or the file said no, not the data. */
const DISK_CODES = new Set([
  3, // SQLITE_PERM
  8, // SQLITE_READONLY
  10, // SQLITE_IOERR
  13, // SQLITE_FULL
  14, // SQLITE_CANTOPEN
]);
const DISK_ERRNOS = new Set(['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EDQUOT']);

/**
 * A thrown error as it crosses from the writer's thread: its message, and whether the disk
 * refused it, so only then does the owner read "is the disk full or read-only?".
 */
export function journalFailure(error: unknown): JournalFailure {
  const e = error as { message?: unknown; errcode?: unknown; code?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const disk = (typeof e?.errcode === 'number' && DISK_CODES.has(e.errcode & 0xff)) || (typeof e?.code === 'string' && DISK_ERRNOS.has(e.code));
  return disk ? { message, disk } : { message };
}
