import { app, dialog, powerMonitor, shell, type BrowserWindow } from 'electron';
import { dirname } from 'node:path';
import { networkInterfaces } from 'node:os';
import type { ApiHandlers } from '../../shared/contract.ts';
import type { SourceId } from '../../shared/sources.ts';
import { Engine } from '../engine/engine.ts';
import { createLogger, logFileIn } from '../engine/log/logger.ts';
import { SettingsError } from '../engine/settings/settings-store.ts';
import { desktopSettingsApi } from './desktop-settings-api.ts';
import { createDesktopSettings } from './electron-settings.ts';
import { loginItemFor } from './start-at-login.ts';
import { bindIpc } from './ipc.ts';
import { SOURCES } from '../engine/sources/index.ts';
import { NetworkWatch } from './network-watch.ts';
import { NotificationPolicy, THINGS_BY_SOURCE } from './notification-policy.ts';
import { notify } from './notifier.ts';
import { TrayController } from './tray.ts';
import { createMainWindow, type WindowPaths, type WindowView } from './window.ts';

export interface DesktopPaths extends WindowPaths {
  iconDir: string;
  dataDir: string;
}

/**
 * The desktop host: the same engine as `hooktray serve`, with a tray instead of a terminal and
 * the window over IPC instead of the dashboard. The window exists only while it is open.
 */
export async function runDesktopApp(paths: DesktopPaths): Promise<void> {
  // A packaged app logs to its file only: nobody sees its stderr (see logger.ts).
  const logFile = logFileIn(paths.dataDir);
  const logger = createLogger({ console: app.isPackaged ? false : 2, file: { path: logFile } });
  const settings = createDesktopSettings();
  let engine: Engine;
  try {
    engine = new Engine({ dataDir: paths.dataDir, settings, logger, logFile, tunnel: {} });
    await engine.start();
  } catch (error) {
    dialog.showErrorBox('Hooktray could not start', error instanceof SettingsError ? error.message : `${(error as Error).message}`);
    app.exit(1);
    return;
  }

  let win: BrowserWindow | undefined;
  const open = (view: WindowView = 'home') => {
    if (win && !win.isDestroyed()) {
      void win.loadURL(`${win.webContents.getURL().split('#')[0]}#/${view}`);
      win.show();
      win.focus();
      return;
    }
    win = createMainWindow(paths, view);
    win.on('closed', () => (win = undefined));
  };

  // Start at login lives with the OS, so the desktop host answers it; the rest is the engine's.
  const loginItem = loginItemFor(
    { platform: process.platform, env: process.env, home: app.getPath('home'), execPath: process.execPath, args: app.isPackaged ? [] : [app.getAppPath()] },
    { get: () => app.getLoginItemSettings().openAtLogin, set: (openAtLogin) => app.setLoginItemSettings({ openAtLogin }) },
  );
  const handlers: ApiHandlers = {
    ...engine.api,
    ...desktopSettingsApi(engine.api, settings),
    async 'app.startAtLogin'({ enabled }) {
      if (enabled !== undefined && loginItem.available) loginItem.set(enabled);
      return { available: loginItem.available, enabled: loginItem.enabled(), ...(loginItem.reason ? { reason: loginItem.reason } : {}) };
    },
    async 'app.openLogFolder'() {
      const folder = dirname(logFile);
      // openPath answers with an error message, "" when it worked.
      return { opened: (await shell.openPath(folder)) === '', folder };
    },
  };
  bindIpc({ handlers, events: engine.events, window: () => win, indexHtml: paths.indexHtml, logger, logFile });

  const tray = new TrayController({ engine, iconDir: paths.iconDir, open, quit: () => app.quit() });
  const policy = new NotificationPolicy();
  const tell = (note: ReturnType<NotificationPolicy['onRun']>) => {
    if (note && settings.preferences.notifications) notify(note, open);
  };
  engine.events.on('run', (notice) => tell(policy.onRun(notice, engine.currentRecipes.get(notice.recipeId)?.definition.title ?? notice.recipeId)));
  engine.events.on('tunnel', (status) => tell(policy.onTunnel(status)));
  // An outage can stay silent between tries: look at the tunnel now and then too.
  const tunnelLook = setInterval(() => engine.tunnel && tell(policy.onTunnel(engine.tunnel.status)), 30_000);
  // A refused delivery is an activity warning; the stored refusals say why (a wrong key or not).
  const words = (source: string) => ({ title: SOURCES.get(source as SourceId)?.title ?? source, things: THINGS_BY_SOURCE[source] });
  const checkRefusals = async () => tell(policy.onRejections(await engine.api['rejections.list']({ limit: 50 }), words));
  await checkRefusals();
  engine.events.on('activity', (entry) => {
    if (entry.source && entry.level === 'warning' && entry.runId === undefined) void checkRefusals();
  });
  // After sleep or a network change the tunnel's socket is stale: reconnect at once.
  powerMonitor.on('resume', () => void engine.api['tunnel.reconnect']({ reason: 'the computer woke from sleep' }));
  const stopNetworkWatch = new NetworkWatch(networkInterfaces, (reason) => void engine.api['tunnel.reconnect']({ reason })).start();

  app.on('second-instance', () => open());
  // Closing the window keeps the tray app running (no listener would quit the app).
  app.on('window-all-closed', () => undefined);
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    clearInterval(tunnelLook);
    stopNetworkWatch();
    void engine.stop().finally(() => {
      stopped = true;
      tray.destroy();
      logger.flush();
      app.quit();
    });
  });
}
