// Keeps the headless bundle (dist-cli/, `npm run build:cli`) as new as the sources it is built
// from. `hooktray` runs that bundle, as the desktop app runs its own: less memory and a quicker
// start than stripping the TypeScript sources at run time. npm install builds it (`prepare`);
// after a source changes (an edit, a git pull) the next start rebuilds it first, in a child
// process, so nothing of the build stays in Hooktray's memory. Plain JavaScript for the same
// reason: loading it costs no TypeScript loader.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the bundle is built from: a newer file (or a folder whose entries changed) means rebuild. */
const INPUTS = ['electron', 'shared', 'package.json', 'build/bundle-engine.ts', 'build/build-cli.ts', 'build/outside-asar.ts'];
const BUNDLE = 'dist-cli/cli.mjs';
const LOCK = 'dist-cli.lock';
/** A lock older than this was left by a build that died: taken over. */
const STALE_LOCK_MS = 5 * 60_000;

function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const built = (root) => statSync(join(root, BUNDLE), { throwIfNoEntry: false })?.mtimeMs ?? 0;
const isFresh = (root) => built(root) >= Math.max(...INPUTS.map((input) => newest(join(root, input))));
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Takes the build lock, waiting while another start builds; false if that takes far too long. */
function lock(root) {
  const path = join(root, LOCK);
  for (const deadline = Date.now() + STALE_LOCK_MS; Date.now() < deadline; pause(200)) {
    try {
      closeSync(openSync(path, 'wx'));
      return true;
    } catch (error) {
      if (error.code !== 'EEXIST') return false;
      const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(path, { force: true });
    }
  }
  return false;
}

/**
 * The path of an up-to-date bundle under `root`, building it first if a source is newer, or
 * undefined when it cannot be built here (then the sources run instead, as before bundling).
 * Build output goes to stderr: stdout is for --json lines.
 */
export function freshBundle(root, log = (line) => process.stderr.write(`${line}\n`)) {
  if (isFresh(root)) return join(root, BUNDLE);
  if (!lock(root)) return undefined;
  try {
    // Another start may have built it while this one waited for the lock.
    if (isFresh(root)) return join(root, BUNDLE);
    log('Hooktray: its sources changed since the last build; building it again (a few seconds)…');
    const result = spawnSync(process.execPath, ['build/build-cli.ts'], { cwd: root, stdio: ['ignore', 2, 2] });
    if (result.status === 0 && isFresh(root)) return join(root, BUNDLE);
    log('Hooktray: the build did not succeed; running from the sources instead.');
    return undefined;
  } finally {
    rmSync(join(root, LOCK), { force: true });
  }
}
