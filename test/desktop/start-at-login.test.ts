import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartEntry, loginItemFor, type LoginHost } from '../../electron/desktop/start-at-login.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const linux = (home: string, over: Partial<LoginHost> = {}): LoginHost => ({
  platform: 'linux',
  env: {},
  home,
  execPath: '/opt/Hooktray/hooktray',
  args: [],
  ...over,
});
const noElectron = {
  get: () => expect.unreachable('Electron login items do nothing on Linux'),
  set: () => expect.unreachable('Electron login items do nothing on Linux'),
};

describe('start at login', () => {
  it('on Linux writes and removes an XDG autostart entry that starts this Hooktray', () => {
    const home = tempDir();
    const item = loginItemFor(linux(home), noElectron);
    const file = join(home, '.config', 'autostart', 'hooktray.desktop');
    expect(item.available).toBe(true);
    expect(item.enabled()).toBe(false);
    item.set(true);
    expect(item.enabled()).toBe(true);
    const content = readFileSync(file, 'utf8');
    expect(content).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Hooktray\n/);
    // Marked as a start at login, so the window stays closed then (launch.ts).
    expect(content).toContain('\nExec="/opt/Hooktray/hooktray" "--at-login"\n');
    item.set(false);
    expect(existsSync(file)).toBe(false);
    expect(item.enabled()).toBe(false);
    item.set(false); // switching off twice is fine
  });

  it('starts the AppImage itself (not its temporary mount), honours XDG_CONFIG_HOME and quotes odd paths', () => {
    const home = tempDir();
    const entry = autostartEntry(
      linux(home, {
        env: { APPIMAGE: '/home/jo/Apps/Hooktray 1.0 "new".AppImage', XDG_CONFIG_HOME: join(home, 'cfg') },
        execPath: '/tmp/.mount_Hookt1/hooktray',
      }),
    );
    expect(entry.path).toBe(join(home, 'cfg', 'autostart', 'hooktray.desktop'));
    expect(entry.content).toContain('\nExec="/home/jo/Apps/Hooktray 1.0 \\\\"new\\\\".AppImage" "--at-login"\n');
    const dev = autostartEntry(linux(home, { execPath: '/repo/node_modules/electron/dist/electron', args: ['/repo/100% app'] }));
    expect(dev.content).toContain('\nExec="/repo/node_modules/electron/dist/electron" "/repo/100%% app" "--at-login"\n');
    // A relative XDG_CONFIG_HOME is invalid by the spec: ignored.
    expect(autostartEntry(linux(home, { env: { XDG_CONFIG_HOME: 'cfg' } })).path).toBe(join(home, '.config', 'autostart', 'hooktray.desktop'));
  });

  it('counts an entry the desktop’s startup settings switched off as off', () => {
    const home = tempDir();
    const item = loginItemFor(linux(home), noElectron);
    item.set(true);
    const file = join(home, '.config', 'autostart', 'hooktray.desktop');
    writeFileSync(file, readFileSync(file, 'utf8').replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect(item.enabled()).toBe(false);
    item.set(true);
    expect(item.enabled()).toBe(true);
  });

  it('uses Electron’s login items on macOS and Windows, and says why not elsewhere', () => {
    let on = false;
    const electron = { get: () => on, set: (v: boolean) => void (on = v) };
    for (const platform of ['darwin', 'win32'] as const) {
      const item = loginItemFor({ ...linux(tempDir()), platform }, electron);
      item.set(true);
      expect([item.available, item.enabled()]).toEqual([true, true]);
      item.set(false);
    }
    const home = tempDir();
    mkdirSync(join(home, '.config'));
    const other = loginItemFor({ ...linux(home), platform: 'freebsd' }, electron);
    expect(other).toMatchObject({ available: false, reason: expect.stringContaining('not supported') });
  });
});
