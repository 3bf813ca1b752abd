// Bundles the desktop shell for Electron: dist-electron/main.mjs (main process, with the engine),
// journal-worker.mjs (the engine's journal thread) and preload.cjs (one CommonJS file, so the
// window's sandbox stays on). Dependencies stay external: electron-builder packs node_modules.
// Run: npm run build:desktop
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type Plugin } from 'vite';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const external = (id: string) => id === 'electron' || nodeBuiltins.includes(id) || Object.keys(pkg.dependencies).some((d) => id === d || id.startsWith(`${d}/`));

/** Paths the engine resolves from its own source location, re-pointed for the bundle's one folder. */
const bundledPaths: Plugin = {
  name: 'hooktray-bundled-paths',
  enforce: 'pre',
  transform(code, id) {
    if (id.endsWith('/store/journal.ts')) return code.replace("'./journal-worker.ts'", "'./journal-worker.mjs'");
    if (id.endsWith('/engine/version.ts')) return code.replace("'../../package.json'", "'../package.json'");
    return undefined;
  },
};

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  plugins: [bundledPaths],
  build: {
    ssr: true,
    outDir: 'dist-electron',
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    rollupOptions: {
      input: { main: join(root, 'electron/main.ts'), 'journal-worker': join(root, 'electron/engine/store/journal-worker.ts') },
      external,
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
    },
  },
});

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
