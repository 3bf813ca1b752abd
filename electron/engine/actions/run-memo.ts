import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a multi-step action already did for one run (e.g. "ClinchPad contact 5f… created"), kept
 * in the data folder so a retry continues where the last attempt stopped instead of creating the
 * contact again. Written with a temp file and a rename, so a crash leaves the old or the new memo.
 */
export class RunMemo<T extends Record<string, string>> {
  private readonly file: string;
  private state: Partial<T>;

  constructor(dataDir: string, action: string, runId: number, installId: string) {
    const dir = join(dataDir, 'action-state');
    mkdirSync(dir, { recursive: true });
    // The install id keeps a memo of a previous journal (same folder, reset runs) from matching.
    this.file = join(dir, `${action}-${installId.slice(0, 8)}-run-${runId}.json`);
    this.state = readState<T>(this.file);
  }

  get<K extends keyof T>(key: K): T[K] | undefined {
    return this.state[key];
  }

  set<K extends keyof T>(key: K, value: T[K]): void {
    this.state = { ...this.state, [key]: value };
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.state));
    renameSync(temp, this.file);
  }
}

function readState<T>(file: string): Partial<T> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<T>;
  } catch {
    return {};
  }
}
