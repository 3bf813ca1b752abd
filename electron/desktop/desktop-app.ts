import { app, dialog, powerMonitor, shell, type BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import type { ApiHandlers } from '../../shared/contract.ts';
import { Engine } from '../engine/engine.ts';
import { createLogger, logFileIn } from '../engine/log/logger.ts';
import { JOURNAL_FILE } from '../engine/store/open-journal.ts';
import { desktopSettingsApi } from './desktop-settings-api.ts';
import type { DesktopSettingsStore } from './desktop-settings-store.ts';
import { createDesktopSettings } from './electron-settings.ts';
import { chooseFile } from './file-dialog.ts';
import { bindIpc } from './ipc.ts';
import { AT_LOGIN_ARG, launchKind, opensWindow, trayWhereabouts } from './launch.ts';
import { NetworkWatch } from './network-watch.ts';
import { NotificationPolicy, platformWords } from './notification-policy.ts';
import { notify } from './notifier.ts';
import { loginItemFor } from './start-at-login.ts';
import { showStartFailure } from './start-failure.ts';
import { TrayController } from './tray.ts';
import { startUpdates } from './updates.ts';
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
  const kind = launchKind({
    firstLaunch: !existsSync(join(paths.dataDir, JOURNAL_FILE)),
    argv: process.argv,
    openedAtLogin: app.getLoginItemSettings().wasOpenedAtLogin,
  });
  logger.info({ version: app.getVersion(), launch: kind, platform: process.platform }, 'starting');
  let settings: DesktopSettingsStore;
  let engine: Engine;
  try {
    // Inside: an unreadable settings file is a start failure to show, like any other.
    settings = createDesktopSettings();
    engine = new Engine({ dataDir: paths.dataDir, settings, logger, logFile, tunnel: {} });
    await engine.start();
  } catch (error) {
    logger.error({ err: error }, 'could not start');
    logger.flush();
    await showStartFailure(error, logFile);
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
  // Windows' login item carries AT_LOGIN_ARG (and must be asked with it); Linux's entry adds it itself.
  const loginArgs = process.platform === 'win32' ? { args: [AT_LOGIN_ARG] } : {};
  const loginItem = loginItemFor(
    { platform: process.platform, env: process.env, home: app.getPath('home'), execPath: process.execPath, args: app.isPackaged ? [] : [app.getAppPath()] },
    { get: () => app.getLoginItemSettings(loginArgs).openAtLogin, set: (openAtLogin) => app.setLoginItemSettings({ openAtLogin, ...loginArgs }) },
  );
  const handlers: ApiHandlers = {
    ...engine.api,
    ...desktopSettingsApi(engine.api, settings, { current: () => engine.currentSettings, trayHint: trayWhereabouts(process.platform, process.env) }),
    async 'app.startAtLogin'({ enabled }) {
      if (enabled !== undefined && loginItem.available) loginItem.set(enabled);
      return { available: loginItem.available, enabled: loginItem.enabled(), ...(loginItem.reason ? { reason: loginItem.reason } : {}) };
    },
    async 'app.chooseFile'(args) {
      return chooseFile(win, args);
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
  // Whether the platform is now broken is the engine's to say (the journal knows what came before).
  engine.events.on('refusal', (refusal) => {
    void engine.api['platforms.intake']({}).then((intake) =>
      tell(
        policy.onRefusal(
          refusal,
          intake.find((p) => p.source === refusal.source),
          platformWords,
        ),
      ),
    );
  });
  // After sleep or a network change the tunnel's socket is stale: reconnect at once.
  powerMonitor.on('resume', () => void engine.api['tunnel.reconnect']({ reason: 'the computer woke from sleep' }));
  const stopNetworkWatch = new NetworkWatch(networkInterfaces, (reason) => void engine.api['tunnel.reconnect']({ reason })).start();

  // A start by hand shows the window (a tray icon alone is easy to miss); a start at login stays in the tray.
  if (opensWindow(kind)) open();
  app.on('second-instance', () => open());
  // macOS: opening the app again (Finder, Spotlight) while it runs.
  app.on('activate', () => open());
  // Closing the window keeps the tray app running (no listener would quit the app).
  app.on('window-all-closed', () => undefined);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    clearInterval(tunnelLook);
    stopNetworkWatch();
    updates.stop();
    await engine.stop();
    stopped = true;
    tray.destroy();
    logger.flush();
  };
  const updates = await startUpdates({
    env: process.env,
    packaged: app.isPackaged,
    load: async () => (await import('electron-updater')).default.autoUpdater,
    ask: async (version) =>
      (
        await dialog.showMessageBox({
          type: 'info',
          title: 'Hooktray update',
          message: `Hooktray ${version} is ready to install.`,
          detail: 'Restart Hooktray now to use it? It takes a few seconds. Choose Later to install it when you next quit Hooktray.',
          buttons: ['Restart now', 'Later'],
          defaultId: 0,
          cancelId: 1,
        })
      ).response === 0,
    beforeRestart: stop,
    logger,
    every: (ms, check) => {
      const timer = setInterval(check, ms);
      timer.unref();
      return () => clearInterval(timer);
    },
  }).catch((error: unknown) => {
    logger.warn({ err: error }, 'updates could not start');
    return { stop: () => undefined };
  });
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void stop().finally(() => app.quit());
  });
}
