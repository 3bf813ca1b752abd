import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AT_LOGIN_ARG } from './launch.ts';

/** What the answer to app.startAtLogin needs: whether it can, whether it is on, and how to switch it. */
export interface LoginItem {
  readonly available: boolean;
  /** Why not, in words the settings screen shows, when unavailable. */
  readonly reason?: string;
  enabled(): boolean;
  set(enabled: boolean): void;
}

export interface LoginHost {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  /** The running executable; in an AppImage that is a temporary mount, so $APPIMAGE wins. */
  execPath: string;
  /** Arguments after the executable (the app folder when running unpackaged). */
  args: string[];
}

/**
 * Start at login per platform: Electron's login items on macOS and Windows (all they support),
 * an XDG autostart entry on Linux (~/.config/autostart/hooktray.desktop, read by GNOME, KDE,
 * Xfce and the rest at login).
 */
export function loginItemFor(host: LoginHost, electron: { get(): boolean; set(enabled: boolean): void }): LoginItem {
  if (host.platform === 'darwin' || host.platform === 'win32') return { available: true, enabled: electron.get, set: electron.set };
  if (host.platform === 'linux') return xdgAutostart(autostartEntry(host));
  return {
    available: false,
    reason: 'Starting at login is not supported on this system; start Hooktray from your session’s startup settings instead.',
    enabled: () => false,
    set: () => undefined,
  };
}

/** The autostart file's place ($XDG_CONFIG_HOME or ~/.config) and content; the Exec line says it is a start at login (launch.ts). */
export function autostartEntry(host: LoginHost): { path: string; content: string } {
  const configHome = host.env.XDG_CONFIG_HOME?.startsWith('/') ? host.env.XDG_CONFIG_HOME : join(host.home, '.config');
  const command = [host.env.APPIMAGE || host.execPath, ...host.args, AT_LOGIN_ARG].map(execArgument).join(' ');
  const content = [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Hooktray',
    'Comment=Turns orders and messages from your shops into emails and CRM entries',
    `Exec=${command}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
  return { path: join(configHome, 'autostart', 'hooktray.desktop'), content };
}

/**
 * One argument of an Exec line (Desktop Entry spec): quoted, with ", `, $ and \ escaped, then
 * the string-level escapes (\ doubled, % as %%), since readers undo those first.
 */
function execArgument(arg: string): string {
  const quoted = `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

function xdgAutostart(entry: { path: string; content: string }): LoginItem {
  return {
    available: true,
    // Off also when the desktop's own "Startup Applications" switched our entry off.
    enabled: () => existsSync(entry.path) && !/^(Hidden=true|X-GNOME-Autostart-enabled=false)\s*$/m.test(readFileSync(entry.path, 'utf8')),
    set(enabled) {
      if (!enabled) return rmSync(entry.path, { force: true });
      mkdirSync(dirname(entry.path), { recursive: true });
      writeFileSync(entry.path, entry.content);
    },
  };
}
