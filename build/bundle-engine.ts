import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type Plugin } from 'vite';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Node built-ins, Electron and our dependencies stay outside the bundle (installed beside it). */
const external = (id: string): boolean =>
  id === 'electron' || nodeBuiltins.includes(id) || Object.keys(pkg.dependencies).some((d) => id === d || id.startsWith(`${d}/`));

const WORKER_URL = /new URL\(\s*'\.\/journal-worker\.ts'\s*,\s*import\.meta\.url\s*\)/;
const RELAY_WORKER_URL = /new URL\(\s*'\.\/kept-writer-worker\.ts'\s*,\s*import\.meta\.url\s*\)/;

/** Replaces `from` in `code`, or fails the build: a path that silently stays wrong ships a broken app. */
/** Prefix for a path given from the bundle's folder: a module that ends up in chunks/ is one level deeper. */
const FROM_OUT = "(import.meta.url.includes('/chunks/') ? '../' : '') + ";

function rewrite(code: string, id: string, from: string | RegExp, to: string): string {
  const out = code.replace(from, to);
  if (out === code) throw new Error(`build/bundle-engine.ts: ${id} no longer contains ${String(from)}; update the bundle's path rewrite to match.`);
  return out;
}

export interface BundleOptions {
  /** The desktop app: its worker is started from app.asar.unpacked (see build/outside-asar.ts). */
  outsideAsar?: boolean;
  /** More entries that export engine modules as bundled (the packaging check starts the journal from one). */
  expose?: Record<string, string>;
}

/** Paths the engine resolves from its own source location, re-pointed for a bundle one folder below the root. */
function bundledPaths(options: BundleOptions): Plugin {
  return {
    name: 'hooktray-bundled-paths',
    enforce: 'pre',
    transform(code, id) {
      if (id.endsWith('/store/journal-writer.ts')) {
        if (!options.outsideAsar) return rewrite(code, id, WORKER_URL, `new URL(${FROM_OUT}'./journal-worker.mjs', import.meta.url)`);
        const helper = JSON.stringify(join(root, 'build', 'outside-asar.ts'));
        return `import { outsideAsar as __outsideAsar } from ${helper};\n${rewrite(code, id, WORKER_URL, `__outsideAsar(new URL(${FROM_OUT}'./journal-worker.mjs', import.meta.url))`)}`;
      }
      // The relay's writer (hooktray relay --data-dir): only the headless host runs the relay.
      if (id.endsWith('/relay/kept-writer.ts')) return rewrite(code, id, RELAY_WORKER_URL, `new URL(${FROM_OUT}'./kept-writer-worker.mjs', import.meta.url)`);
      // Paths beside the bundle folder, from an entry (<out>/x.mjs) or a chunk (<out>/chunks/x.mjs) alike.
      if (id.endsWith('/engine/version.ts')) return rewrite(code, id, "'../../package.json'", `${FROM_OUT}'../package.json'`);
      if (id.endsWith('/cli/dashboard.ts')) return rewrite(code, id, "'../../renderer/dist'", `${FROM_OUT}'../renderer/dist'`);
      return undefined;
    },
  };
}

/**
 * Bundles an entry that runs the engine (the desktop main process, the headless CLI) with the
 * journal's worker beside it, as plain ES modules for Node: no TypeScript left to strip at run time.
 */
export async function bundleEngineEntry(entry: string, name: string, outDir: string, options: BundleOptions = {}): Promise<void> {
  const exposed = Object.fromEntries(Object.entries(options.expose ?? {}).map(([key, file]) => [key, join(root, file)]));
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    plugins: [bundledPaths(options)],
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node22',
      minify: false,
      rollupOptions: {
        input: {
          [name]: join(root, entry),
          'journal-worker': join(root, 'electron/engine/store/journal-worker.ts'),
          'kept-writer-worker': join(root, 'electron/relay/kept-writer-worker.ts'),
          ...exposed,
        },
        external,
        // Shared code in chunks/: the desktop app unpacks that folder with the worker, which imports from it.
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      },
    },
  });
}
