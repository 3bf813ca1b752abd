import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, matchesGlob, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const config = readFileSync(join(ROOT, 'build/electron-builder.yml'), 'utf8');

/** The items of a top-level list key in the builder config (`key:` then `  - item` lines). */
export function builderList(key: string): string[] {
  const block = new RegExp(`^${key}:\\n((?:  - .*\\n)+)`, 'm').exec(config)?.[1] ?? '';
  return block
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^ {2}- /, '').replace(/^"(.*)"$/, '$1'));
}

/** A top-level scalar of the builder config (`appId: …`). */
export function builderValue(key: string): string | undefined {
  return new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(config)?.[1]?.trim();
}

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)));

function run(args: string[], what: string): void {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${what} failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * The desktop app laid out as electron-builder packs it (build/electron-builder.yml), under
 * `resources/`: app.asar/ with package.json, the desktop bundle (built here by `npm run
 * build:desktop`'s script), renderer/dist and the production node_modules (a link to ours);
 * app.asar.unpacked/ with the asarUnpack files (removed from app.asar, where a worker thread could
 * not read them); icons/ from extraResources. Only the archive format differs: app.asar is a folder.
 */
export function packDesktopApp(resources: string): { main: string; appDir: string } {
  const appDir = join(resources, 'app.asar');
  const bundle = join(appDir, 'dist-electron');
  run(['build/build-desktop.ts', bundle], 'npm run build:desktop');
  if (!existsSync(join(ROOT, 'renderer/dist/index.html')))
    run(['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], 'npm run build:renderer');
  cpSync(join(ROOT, 'package.json'), join(appDir, 'package.json'));
  cpSync(join(ROOT, 'renderer/dist'), join(appDir, 'renderer/dist'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(appDir, 'node_modules'), 'junction');

  const unpackedDir = join(resources, 'app.asar.unpacked', 'dist-electron');
  const patterns = builderList('asarUnpack');
  for (const file of files(bundle).filter((f) => patterns.some((p) => matchesGlob(`dist-electron/${f}`, p)))) {
    mkdirSync(dirname(join(unpackedDir, file)), { recursive: true });
    cpSync(join(bundle, file), join(unpackedDir, file));
  }
  rmSync(join(bundle, 'journal-worker.mjs'));

  // extraResources: build/icons (tray-*.png) → resources/icons
  mkdirSync(join(resources, 'icons'));
  for (const icon of readdirSync(join(ROOT, 'build/icons')).filter((f) => matchesGlob(f, 'tray-*.png')))
    cpSync(join(ROOT, 'build/icons', icon), join(resources, 'icons', icon));
  return { main: join(bundle, 'main.mjs'), appDir };
}
