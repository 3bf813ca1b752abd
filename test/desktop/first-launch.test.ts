import { describe, expect, it } from 'vitest';
import { AT_LOGIN_ARG, launchKind, opensWindow, trayWhereabouts, type LaunchFacts } from '../../electron/desktop/launch.ts';
import { autostartEntry } from '../../electron/desktop/start-at-login.ts';

const facts = (over: Partial<LaunchFacts>): LaunchFacts => ({ firstLaunch: false, argv: ['/opt/Hooktray/hooktray'], openedAtLogin: false, ...over });

/** The arguments of an autostart entry's Exec line, as the desktop session passes them. */
const execArgs = (content: string) => [.../^Exec=(.*)$/m.exec(content)![1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);

describe('the first launch', () => {
  it('opens the window on the first start and on every start by hand, never on a start at login', () => {
    const cases: [Partial<LaunchFacts>, string, boolean][] = [
      [{ firstLaunch: true }, 'first', true],
      // Even if the system started it: a first start always shows where Hooktray is.
      [{ firstLaunch: true, argv: ['/opt/Hooktray/hooktray', AT_LOGIN_ARG] }, 'first', true],
      [{}, 'manual', true],
      [{ argv: ['/opt/Hooktray/hooktray', AT_LOGIN_ARG] }, 'login', false],
      [{ openedAtLogin: true }, 'login', false],
    ];
    for (const [over, kind, opens] of cases) {
      expect(launchKind(facts(over))).toBe(kind);
      expect(opensWindow(launchKind(facts(over)))).toBe(opens);
    }
  });

  it('is told a start at login by what start at login itself registers', () => {
    const entry = autostartEntry({ platform: 'linux', env: {}, home: '/home/jo', execPath: '/opt/Hooktray/hooktray', args: [] });
    const argv = execArgs(entry.content);
    expect(argv).toEqual(['/opt/Hooktray/hooktray', AT_LOGIN_ARG]);
    expect(launchKind(facts({ argv }))).toBe('login');
  });

  it('says where the tray icon is on each system', () => {
    expect(trayWhereabouts('darwin', {})).toMatch(/menu bar at the top right.*no Dock icon/);
    expect(trayWhereabouts('win32', {})).toMatch(/notification area at the bottom right.*\^ arrow/);
    expect(trayWhereabouts('linux', { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' })).toMatch(/AppIndicator and KStatusNotifierItem Support/);
    expect(trayWhereabouts('linux', { XDG_CURRENT_DESKTOP: 'KDE' })).toMatch(/panel's system tray/);
    for (const platform of ['darwin', 'win32', 'linux'] as const) expect(trayWhereabouts(platform, {})).toContain('Closing this window keeps Hooktray running');
  });
});
