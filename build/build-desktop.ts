// Bundles the desktop shell for Electron: dist-electron/main.mjs (main process, with the engine),
// journal-worker.mjs (the engine's journal thread) and preload.cjs (one CommonJS file, so the
// window's sandbox stays on). Dependencies stay external: electron-builder packs node_modules.
// Run: npm run build:desktop
import { join } from 'node:path';
import { build } from 'vite';
import { bundleEngineEntry } from './bundle-engine.ts';

const root = join(import.meta.dirname, '..');

await bundleEngineEntry('electron/main.ts', 'main', 'dist-electron');

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: 'dist-electron',
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
