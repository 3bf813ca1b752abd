import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type Plugin } from 'vite';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Node built-ins, Electron and our dependencies stay outside the bundle (installed beside it). */
export const external = (id: string): boolean => id === 'electron' || nodeBuiltins.includes(id) || Object.keys(pkg.dependencies).some((d) => id === d || id.startsWith(`${d}/`));

/** Paths the engine resolves from its own source location, re-pointed for a bundle one folder below the root. */
const bundledPaths: Plugin = {
  name: 'hooktray-bundled-paths',
  enforce: 'pre',
  transform(code, id) {
    if (id.endsWith('/store/journal.ts')) return code.replace("'./journal-worker.ts'", "'./journal-worker.mjs'");
    if (id.endsWith('/engine/version.ts')) return code.replace("'../../package.json'", "'../package.json'");
    if (id.endsWith('/cli/dashboard.ts')) return code.replace("'../../renderer/dist'", "'../renderer/dist'");
    return undefined;
  },
};

/**
 * Bundles an entry that runs the engine (the desktop main process, the headless CLI) with the
 * journal's worker beside it, as plain ES modules for Node: no TypeScript left to strip at run time.
 */
export async function bundleEngineEntry(entry: string, name: string, outDir: string): Promise<void> {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    plugins: [bundledPaths],
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node22',
      minify: false,
      rollupOptions: {
        input: { [name]: join(root, entry), 'journal-worker': join(root, 'electron/engine/store/journal-worker.ts') },
        external,
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
      },
    },
  });
}
