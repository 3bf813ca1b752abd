import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Settings } from '../../../shared/config.ts';
import { SettingsError, type SettingsStore } from './settings-store.ts';

/**
 * Settings as a JSON file (the headless host's `--config FILE`, or settings.json in the data
 * folder). Written atomically (temp file, fsync, rename) so a crash never leaves half a file.
 */
export class JsonSettingsFile implements SettingsStore {
  readonly location: string;

  constructor(path: string) {
    this.location = path;
  }

  read(): unknown {
    let text: string;
    try {
      text = readFileSync(this.location, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new SettingsError(this.location, [`cannot be read (${(error as Error).message})`]);
    }
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new SettingsError(this.location, [`is not valid JSON (${(error as Error).message}); fix the file or move it away to start with empty settings`]);
    }
  }

  write(settings: Settings): void {
    const temp = `${this.location}.tmp-${process.pid}`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(settings, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.location);
  }
}
