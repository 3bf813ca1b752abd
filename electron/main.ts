// The desktop host's entry: single instance, then the tray app. It wires things and stays short.
import { app, dialog } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ID } from './desktop/app-identity.ts';
import { sqliteMissing } from './desktop/sqlite-check.ts';

// Bundled to dist-electron/main.mjs next to preload.cjs; the renderer and icons sit beside it.
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');

if (!app.requestSingleInstanceLock()) {
  // Another Hooktray runs: it opens its window (second-instance), this one leaves.
  app.quit();
} else {
  app.dock?.hide();
  // Windows' notifications and their settings go by this id, the installer's appId.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  // Whatever start did not handle itself still ends in a dialog, never in a silent exit.
  void app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Hooktray could not start', (error as Error)?.stack ?? String(error));
      app.exit(1);
    });
}

async function start(): Promise<void> {
  // The engine is loaded only once node:sqlite is known to be there: a runtime without it gets a
  // dialog that says so, instead of an import error before anything is on screen.
  const missing = await sqliteMissing();
  if (missing) {
    dialog.showErrorBox('Hooktray cannot start', missing);
    app.exit(1);
    return;
  }
  const { runDesktopApp } = await import('./desktop/desktop-app.ts');
  await runDesktopApp({
    preload: join(here, 'preload.cjs'),
    indexHtml: join(root, 'renderer', 'dist', 'index.html'),
    iconDir: app.isPackaged ? join(process.resourcesPath, 'icons') : join(root, 'build', 'icons'),
    dataDir: join(app.getPath('userData'), 'data'),
  });
}
