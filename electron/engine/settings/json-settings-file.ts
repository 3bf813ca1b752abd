import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { settingsSchema, type Settings } from '../../../shared/config.ts';
import { minimalSettings } from './minimal-settings.ts';
import { readSettingsFile } from './read-settings-file.ts';
import type { SettingsStore } from './settings-store.ts';

/**
 * Settings as a JSON file (the headless host's `--config FILE`, or settings.json in the data
 * folder). Written atomically (temp file, fsync, rename) so a crash never leaves half a file,
 * readable by the owner only (it holds secrets), and the version it replaces is kept as
 * FILE.bak. It is the owner's file: a write keeps what they wrote, in their order, plus what
 * changed, never every default filled in. A damaged file is refused (see readSettingsFile).
 */
export class JsonSettingsFile implements SettingsStore {
  readonly location: string;
  /** The file as last read or written. */
  private raw: unknown;

  constructor(path: string) {
    this.location = path;
  }

  read(): unknown {
    const parsed = readSettingsFile(this.location);
    if (parsed !== undefined) this.raw = parsed;
    return parsed;
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
    if (existsSync(this.location)) {
      copyFileSync(this.location, `${this.location}.bak`);
      chmodSync(`${this.location}.bak`, 0o600);
    }
    renameSync(temp, this.location);
    this.raw = content;
  }
}
