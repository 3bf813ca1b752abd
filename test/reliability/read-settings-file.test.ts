import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettingsFile } from '../../electron/engine/settings/read-settings-file.ts';
import { SettingsError } from '../../electron/engine/settings/settings-store.ts';

// The desktop app checks electron-store's file with this before electron-store opens it.
describe('reading a settings file (both hosts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hooktray-read-settings-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('is undefined when there is no file yet, and the document when there is one', () => {
    expect(readSettingsFile(join(dir, 'missing.json'))).toBeUndefined();
    expect(readSettingsFile(file('ok.json', '{"version":2,"settings":{}}'))).toEqual({ version: 2, settings: {} });
  });

  it.each([
    ['empty', '', /is empty \(0 bytes\).*did not start, so nothing was reset/],
    ['blank', ' \n\t', /holds only blank space/],
    ['null', 'null', /holds only "null"/],
    ['not JSON', '{"version":2,', /is not valid JSON/],
  ])('refuses a file that is %s with what to do, naming the file', (name, text, words) => {
    const path = file(`${name}.json`, text);
    expect(() => readSettingsFile(path)).toThrow(SettingsError);
    expect(() => readSettingsFile(path)).toThrow(words);
    expect(() => readSettingsFile(path)).toThrow(path);
  });
});
