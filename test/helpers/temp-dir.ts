import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A fresh folder for one test, removed when the test finishes. */
export function tempDir(prefix = 'hooktray-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A mount inside it (disk tests) is unmounted by its own hook; the rest is the OS's tmp.
    }
  });
  return dir;
}
