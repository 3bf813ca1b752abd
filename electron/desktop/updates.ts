import type { Logger } from '../engine/log/logger.ts';

/** The part of electron-updater's autoUpdater this uses (a recording fake in tests). */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateDeps {
  env: NodeJS.ProcessEnv;
  /** Only an installed app can update itself (electron-updater reads the installer's app-update.yml). */
  packaged: boolean;
  /** Loads the updater when it is used, so a run with updates off never loads it. */
  load(): Promise<Updater>;
  /** Asks the owner whether to restart into `version` now; false: at the next quit instead. */
  ask(version: string): Promise<boolean>;
  /** Stops the engine cleanly before the restart (deliveries kept, runs put back). */
  beforeRestart(): Promise<void>;
  logger: Logger;
  /** Repeats `check` (setInterval, unref'd, in the app). */
  every(ms: number, check: () => void): () => void;
}

/** How often Hooktray looks for a new version after the check at start. */
export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * Updates from the releases the installers were published to (electron-builder's publish
 * settings: GitHub releases by default; HOOKTRAY_UPDATE_URL points at another server that holds
 * the same latest*.yml files). Looks at start and once a day, downloads in the background, and
 * asks before restarting; a "Later" installs at the next quit. HOOKTRAY_NO_UPDATE=1 turns it off.
 * A failed check is logged, never shown: the next one tries again.
 */
export async function startUpdates(deps: UpdateDeps): Promise<{ stop(): void; off?: string }> {
  const off = deps.env.HOOKTRAY_NO_UPDATE === '1' ? 'HOOKTRAY_NO_UPDATE=1' : !deps.packaged ? 'not an installed app' : undefined;
  if (off) {
    deps.logger.info({ reason: off }, 'updates are off');
    return { stop: () => undefined, off };
  }
  const updater = await deps.load();
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  const url = deps.env.HOOKTRAY_UPDATE_URL;
  if (url) updater.setFeedURL({ provider: 'generic', url });
  updater.on('error', (error) => deps.logger.warn({ err: error }, 'could not check for updates; trying again later'));
  const asked = new Set<string>();
  updater.on('update-downloaded', ({ version }) => {
    if (asked.has(version)) return;
    asked.add(version);
    deps.logger.info({ version }, 'update downloaded');
    void deps.ask(version).then(async (now) => {
      if (!now) return;
      await deps.beforeRestart();
      updater.quitAndInstall(false, true);
    });
  });
  const check = () =>
    void updater.checkForUpdates().catch((error: unknown) => deps.logger.warn({ err: error }, 'could not check for updates; trying again later'));
  check();
  return { stop: deps.every(CHECK_EVERY_MS, check) };
}
