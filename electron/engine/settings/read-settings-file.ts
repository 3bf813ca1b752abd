import { existsSync, readFileSync } from 'node:fs';
import { SettingsError } from './settings-store.ts';

/**
 * A settings file's document, or undefined when there is no file yet. A file that exists but
 * holds nothing (empty, blank, `null`: what a damaged disk or a failed copy leaves) or is not
 * JSON is refused with what to do, never read as "no settings": that would start without
 * secrets or recipes and fail every queued run. Both hosts' files go through here (the desktop
 * app before electron-store, which would otherwise throw a bare SyntaxError).
 */
export function readSettingsFile(location: string): unknown {
  let text: string;
  try {
    text = readFileSync(location, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SettingsError(location, [`cannot be read (${(error as Error).message})`]);
  }
  if (text.trim() === '')
    throw new SettingsError(location, [
      `${text === '' ? 'is empty (0 bytes)' : 'holds only blank space'}, so it may have been damaged; ${howToRecover(location)}`,
    ]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    throw new SettingsError(location, [`is not valid JSON (${(error as Error).message}); fix the file or move it away to start with empty settings`]);
  }
  if (parsed === null) throw new SettingsError(location, [`holds only "null", so it may have been damaged; ${howToRecover(location)}`]);
  return parsed;
}

/** What to do about a file that holds nothing: Hooktray started nothing and changed nothing. */
function howToRecover(location: string): string {
  const backup = `${location}.bak`;
  const restore = existsSync(backup) ? `the settings as they were before the last change are in ${backup}: copy that file over it` : 'restore it from a backup';
  return `Hooktray did not start, so nothing was reset. To get your settings back, ${restore}; to start with empty settings instead, write {} in it.`;
}
