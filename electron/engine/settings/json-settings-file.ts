import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { settingsSchema, type Settings } from '../../../shared/config.ts';
import { minimalSettings } from './minimal-settings.ts';
import { SettingsError, type SettingsStore } from './settings-store.ts';

/**
 * Settings as a JSON file (the headless host's `--config FILE`, or settings.json in the data
 * folder). Written atomically (temp file, fsync, rename) so a crash never leaves half a file.
 * It is the owner's file: a write keeps what they wrote, in their order, plus what changed,
 * never every default filled in.
 */
export class JsonSettingsFile implements SettingsStore {
  readonly location: string;
  /** The file as last read or written. */
  private raw: unknown;

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
      this.raw = JSON.parse(text) as unknown;
      return this.raw;
    } catch (error) {
      throw new SettingsError(this.location, [`is not valid JSON (${(error as Error).message}); fix the file or move it away to start with empty settings`]);
    }
  }

  write(settings: Settings): void {
    const before = settingsSchema.safeParse(this.raw ?? {});
    const content = before.success ? minimalSettings(this.raw ?? {}, before.data, settings) : settings;
    const temp = `${this.location}.tmp-${process.pid}`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(content, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.location);
    this.raw = content;
  }
}
