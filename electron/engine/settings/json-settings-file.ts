import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { settingsSchema, type Settings } from '../../../shared/config.ts';
import { minimalSettings } from './minimal-settings.ts';
import { SettingsError, type SettingsStore } from './settings-store.ts';

/**
 * Settings as a JSON file (the headless host's `--config FILE`, or settings.json in the data
 * folder). Written atomically (temp file, fsync, rename) so a crash never leaves half a file,
 * readable by the owner only (it holds secrets), and the version it replaces is kept as
 * FILE.bak. It is the owner's file: a write keeps what they wrote, in their order, plus what
 * changed, never every default filled in. A file that exists but holds nothing (empty, blank,
 * `null`: what a damaged disk or a failed copy leaves) is refused, never read as "no settings":
 * that would start without secrets or recipes and fail every queued run.
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
    if (text.trim() === '') throw new SettingsError(this.location, [`${text === '' ? 'is empty (0 bytes)' : 'holds only blank space'}, so it may have been damaged; ${this.howToRecover()}`]);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch (error) {
      throw new SettingsError(this.location, [`is not valid JSON (${(error as Error).message}); fix the file or move it away to start with empty settings`]);
    }
    if (parsed === null) throw new SettingsError(this.location, [`holds only "null", so it may have been damaged; ${this.howToRecover()}`]);
    this.raw = parsed;
    return parsed;
  }

  /** What to do about a file that holds nothing: Hooktray started nothing and changed nothing. */
  private howToRecover(): string {
    const backup = `${this.location}.bak`;
    const restore = existsSync(backup) ? `the settings as they were before the last change are in ${backup}: copy that file over it` : 'restore it from a backup';
    return `Hooktray did not start, so nothing was reset. To get your settings back, ${restore}; to start with empty settings instead, write {} in it.`;
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
