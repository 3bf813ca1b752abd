// The layer rules (see STYLE: layers, one way, and ARCHITECTURE.md), as a function of a tree:
//   shared/                  → only zod and shared/ itself: no Node APIs, no I/O, no engine, no UI
//   electron/engine/         → no electron, no Vue, nothing from the hosts or the renderer
//     sources/               → never actions (checking a delivery never reaches a destination)
//     actions/, store/       → never server/ (the listener calls them, not the other way round)
//   electron/cli*            → no electron (the headless host runs in plain Node)
//   renderer/                → only shared/, its own files and browser libraries
//   everywhere               → no import circles, type-only imports included
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

interface Rule {
  applies(file: string): boolean;
  forbids(specifier: string, target: string | undefined): string | undefined;
}

const under = (dir: string) => (path: string | undefined) => path !== undefined && (path === dir || path.startsWith(`${dir}/`));
const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/');

/** A rule inside the engine: files under `from` never import files under `to`. */
const never = (from: string, to: string, why: string): Rule => ({
  applies: under(`electron/engine/${from}`),
  forbids: (_s, target) => (under(`electron/engine/${to}`)(target) ? why : undefined),
});

const RULES: Rule[] = [
  {
    applies: under('shared'),
    forbids: (s, target) => {
      if (target === undefined) return s === 'zod' ? undefined : `shared/ may import only zod, not "${s}"`;
      return under('shared')(target) ? undefined : `shared/ may not import ${target}`;
    },
  },
  {
    applies: under('electron/engine'),
    forbids: (s, target) => {
      if (isElectron(s)) return 'the engine must not import electron';
      if (s === 'vue' || s === 'pinia') return `the engine must not import ${s}`;
      if (target && !under('electron/engine')(target) && !under('shared')(target) && target !== 'package.json') return `the engine may not import ${target}`;
      return undefined;
    },
  },
  never('sources', 'actions', 'a source checks and reads deliveries; it never reaches a destination (actions/)'),
  never('actions', 'server', 'an action is called by the runner; it never reaches the listener (server/)'),
  never('store', 'server', 'the store keeps data; it never reaches the listener (server/)'),
  {
    applies: (f) => f === 'electron/cli.ts' || under('electron/cli')(f),
    forbids: (s, target) =>
      isElectron(s)
        ? 'the headless host must not import electron'
        : target && under('electron/desktop')(target)
          ? 'the headless host must not import the desktop shell'
          : undefined,
  },
  {
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

/** Every source file under shared/, electron/ and renderer/, with the specifiers it imports and where they lead. */
function importsOf(root: string): Map<string, { specifier: string; target: string | undefined }[]> {
  const graph = new Map<string, { specifier: string; target: string | undefined }[]>();
  for (const top of ['shared', 'electron', 'renderer']) {
    try {
      statSync(join(root, top));
    } catch {
      continue;
    }
    for (const path of files(join(root, top))) {
      const imports = [...readFileSync(path, 'utf8').matchAll(IMPORT)].map((m) => {
        const specifier = m[1] ?? m[2] ?? m[3] ?? m[4]!;
        return { specifier, target: specifier.startsWith('.') ? relative(root, resolve(dirname(path), specifier)) : undefined };
      });
      graph.set(relative(root, path), imports);
    }
  }
  return graph;
}

/** Groups of files that import one another round in a circle (Tarjan's strongly connected components). */
function circles(graph: Map<string, { target: string | undefined }[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const { target: w } of graph.get(v) ?? []) {
      if (!w || !graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1) found.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** What breaks the rules in the tree at `root`, one line each; empty when all hold. */
export function checkLayers(root: string): string[] {
  const graph = importsOf(root);
  const problems: string[] = [];
  for (const [file, imports] of graph) {
    const applicable = RULES.filter((r) => r.applies(file));
    for (const { specifier, target } of imports) {
      for (const rule of applicable) {
        const why = rule.forbids(specifier, target);
        if (why) problems.push(`${file}: imports "${specifier}": ${why}`);
      }
    }
  }
  for (const group of circles(graph)) problems.push(`these files import one another in a circle: ${group.join(', ')}`);
  return problems;
}
