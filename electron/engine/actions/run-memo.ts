import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MEMO_DIR = 'action-state';
/** How long a finished run's memo is kept: a run can still be retried or replayed by hand meanwhile. */
export const MEMO_KEEP_DAYS = 30;

/**
 * A small JSON record in <data-dir>/action-state/ that outlives a restart. Written with a temp
 * file and a rename, so a crash leaves the old or the new record; readable by this user only,
 * as it names customers.
 */
export class FileMemo<T extends Record<string, string>> {
  private readonly file: string;
  private state: Partial<T>;

  constructor(dataDir: string, name: string) {
    const dir = join(dataDir, MEMO_DIR);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = join(dir, `${name}.json`);
    this.state = readState<T>(this.file);
  }

  get<K extends keyof T>(key: K): T[K] | undefined {
    return this.state[key];
  }

  set<K extends keyof T>(key: K, value: T[K]): void {
    this.update({ [key]: value } as unknown as Partial<T>);
  }

  /** Several keys in one write. */
  update(changes: Partial<T>): void {
    this.state = { ...this.state, ...changes };
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.state), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}

/**
 * What a multi-step action already did for one run (e.g. "ClinchPad contact 5f… created"), so a
 * retry continues where the last attempt stopped instead of creating the contact again.
 */
export class RunMemo<T extends Record<string, string>> extends FileMemo<T> {
  constructor(dataDir: string, action: string, runId: number, installId: string) {
    // The install id keeps a memo of a previous journal (same folder, reset runs) from matching.
    super(dataDir, `${action}-${installId.slice(0, 8)}-run-${runId}`);
  }
}

function readState<T>(file: string): Partial<T> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<T>;
  } catch {
    return {};
  }
}

/**
 * Removes memos not written for `keepDays` (one file per run would otherwise pile up for good).
 * Returns how many were removed; a folder that cannot be read removes nothing.
 */
export function pruneRunMemos(dataDir: string, now = Date.now(), keepDays = MEMO_KEEP_DAYS): number {
  const dir = join(dataDir, MEMO_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const file = join(dir, name);
    try {
      if (now - statSync(file).mtimeMs > keepDays * 86_400_000) {
        rmSync(file);
        removed++;
      }
    } catch {
      // Gone meanwhile or not ours to remove: leave it.
    }
  }
  return removed;
}
