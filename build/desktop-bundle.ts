import { join } from 'node:path';
import { build } from 'vite';
import { bundleEngineEntry, type BundleOptions } from './bundle-engine.ts';

const root = join(import.meta.dirname, '..');

/**
 * The desktop shell as Electron loads it: main.mjs (main process) and desktop-app.mjs (the app and its engine), the journal's
 * worker (started from app.asar.unpacked once packed) and preload.cjs (one CommonJS file, so the
 * window's sandbox stays on). Dependencies stay external: electron-builder packs node_modules.
 */
export async function bundleDesktop(outDir: string, options: Pick<BundleOptions, 'expose'> = {}): Promise<void> {
  // main.mjs loads the app (and so node:sqlite) only after checking node:sqlite is there; the app is
  // an entry of its own so that it sits beside main.mjs, where the engine's relative paths
  // (../package.json, ./journal-worker.mjs) hold, instead of in chunks/.
  await bundleEngineEntry('electron/main.ts', 'main', outDir, {
    expose: { ...options.expose, 'desktop-app': 'electron/desktop/desktop-app.ts' },
    outsideAsar: true,
  });
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir,
      emptyOutDir: false,
      target: 'node22',
      minify: false,
      rollupOptions: {
        input: { preload: join(root, 'electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
    ssr: { noExternal: true },
  });
}
