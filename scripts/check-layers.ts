// Fails when a layer imports what it must not (see STYLE: layers, one way).
//   shared/           → only zod and shared/ itself: no Node APIs, no I/O, no engine, no UI
//   electron/engine/  → no electron, no Vue, nothing from the hosts or the renderer
//   electron/cli*     → no electron (the headless host runs in plain Node)
//   renderer/         → only shared/, its own files and browser libraries
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

interface Rule {
  name: string;
  applies(file: string): boolean;
  forbids(specifier: string, target: string | undefined): string | undefined;
}

const under = (dir: string) => (path: string | undefined) => path !== undefined && (path === dir || path.startsWith(`${dir}/`));
const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/');

const rules: Rule[] = [
  {
    name: 'shared/',
    applies: under('shared'),
    forbids: (s, target) =>
      target === undefined
        ? s === 'zod'
          ? undefined
          : `shared/ may import only zod, not "${s}"`
        : under('shared')(target)
          ? undefined
          : `shared/ may not import ${target}`,
  },
  {
    name: 'electron/engine/',
    applies: under('electron/engine'),
    forbids: (s, target) => {
      if (isElectron(s)) return 'the engine must not import electron';
      if (s === 'vue' || s === 'pinia') return `the engine must not import ${s}`;
      if (target && !under('electron/engine')(target) && !under('shared')(target) && target !== 'package.json') return `the engine may not import ${target}`;
      return undefined;
    },
  },
  {
    name: 'headless host',
    applies: (f) => f === 'electron/cli.ts' || under('electron/cli')(f),
    forbids: (s, target) => (isElectron(s) ? 'the headless host must not import electron' : target && under('electron/desktop')(target) ? 'the headless host must not import the desktop shell' : undefined),
  },
  {
    name: 'renderer/',
    applies: under('renderer'),
    forbids: (s, target) => {
      if (isElectron(s) || s.startsWith('node:')) return `the renderer must not import ${s}`;
      if (target && !under('renderer')(target) && !under('shared')(target)) return `the renderer may import only shared/ and its own files, not ${target}`;
      return undefined;
    },
  },
];

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|vue|js|mjs)$/.test(name)) yield path;
  }
}

const problems: string[] = [];
for (const top of ['shared', 'electron', 'renderer']) {
  let entries: Generator<string>;
  try {
    statSync(join(root, top));
    entries = files(join(root, top));
  } catch {
    continue;
  }
  for (const path of entries) {
    const file = relative(root, path);
    const applicable = rules.filter((r) => r.applies(file));
    if (!applicable.length) continue;
    const text = readFileSync(path, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? match[4]!;
      const target = specifier.startsWith('.') ? relative(root, resolve(dirname(path), specifier)) : undefined;
      for (const rule of applicable) {
        const why = rule.forbids(specifier, target);
        if (why) problems.push(`${file}: imports "${specifier}": ${why}`);
      }
    }
  }
}

if (problems.length) {
  process.stderr.write(`Layer rules broken:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write('layers: ok\n');
