// The desktop host's entry: single instance, then the tray app. It wires things and stays short.
import { app } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDesktopApp } from './desktop/desktop-app.ts';

// Bundled to dist-electron/main.mjs next to preload.cjs; the renderer and icons sit beside it.
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');

if (!app.requestSingleInstanceLock()) {
  // Another Hooktray runs: it opens its window (second-instance), this one leaves.
  app.quit();
} else {
  app.dock?.hide();
  void app.whenReady().then(() =>
    runDesktopApp({
      preload: join(here, 'preload.cjs'),
      indexHtml: join(root, 'renderer', 'dist', 'index.html'),
      iconDir: app.isPackaged ? join(process.resourcesPath, 'icons') : join(root, 'build', 'icons'),
      dataDir: join(app.getPath('userData'), 'data'),
    }),
  );
}
