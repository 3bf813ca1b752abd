/** The argument start at login adds (Windows login item, Linux autostart entry): "started by the system, not by hand". */
export const AT_LOGIN_ARG = '--at-login';

/** How this copy of Hooktray was started. */
export type LaunchKind = 'first' | 'login' | 'manual';

export interface LaunchFacts {
  /** No journal in the data folder yet: Hooktray has never run on this account. */
  firstLaunch: boolean;
  argv: readonly string[];
  /** macOS says so itself (where it still can: not on macOS 13 and later). */
  openedAtLogin: boolean;
}

export function launchKind(facts: LaunchFacts): LaunchKind {
  if (facts.firstLaunch) return 'first';
  if (facts.openedAtLogin || facts.argv.includes(AT_LOGIN_ARG)) return 'login';
  return 'manual';
}

/**
 * Whether the window opens at start. A tray icon alone is easy to miss (macOS has no Dock icon
 * for us, Windows hides new tray icons, GNOME shows none without an extension), so a first start
 * and every start by hand open the window; only a start at login stays quietly in the tray.
 */
export function opensWindow(kind: LaunchKind): boolean {
  return kind !== 'login';
}

/** Where the tray icon is on this system, in words for the window. */
export function trayWhereabouts(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  const keeps = 'Closing this window keeps Hooktray running; it starts its work again whenever you open it.';
  if (platform === 'darwin')
    return `Hooktray lives in the menu bar at the top right of your screen (it has no Dock icon): click the hook there for its menu. ${keeps}`;
  if (platform === 'win32') {
    return `Hooktray lives in the notification area at the bottom right of the taskbar. Windows may put new icons behind the ^ arrow there: drag the hook onto the taskbar to keep it in sight. ${keeps}`;
  }
  if (/gnome/i.test(env.XDG_CURRENT_DESKTOP ?? '')) {
    return `Hooktray lives in the top bar's tray, which GNOME shows only with the “AppIndicator and KStatusNotifierItem Support” extension (in Extensions, or your system's gnome-shell-extension-appindicator package). Without it, start Hooktray again from your applications to get this window back. ${keeps}`;
  }
  return `Hooktray lives in your panel's system tray (notification area): click the hook there for its menu. ${keeps}`;
}
