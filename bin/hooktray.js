#!/usr/bin/env node
// Entry for the `hooktray` command. Hooktray runs on Node 24 (node:sqlite, and its sources are
// TypeScript). It runs the bundle built from those sources (fresh-bundle.js: rebuilt first when a
// source changed), or the sources themselves when the bundle cannot be built. This file is plain
// JavaScript so an older Node gets this far: it then runs Hooktray with the project's own Node
// (npm install puts Node 24 in node_modules), or says plainly what is needed instead of failing on
// the first import. bin/hooktray starts that Node 24 directly, with no process in between.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const NEEDED = 24;
const major = Number(process.versions.node.split('.')[0]);

if (major >= NEEDED) {
  const { freshBundle } = await import('./fresh-bundle.js');
  const bundle = freshBundle(fileURLToPath(new URL('..', import.meta.url)));
  await import(bundle ? pathToFileURL(bundle).href : '../electron/cli.ts');
} else {
  const pinned = ['../node_modules/node/bin/node', '../node_modules/.bin/node']
    .map((path) => fileURLToPath(new URL(path, import.meta.url)))
    .find((path) => existsSync(path));
  if (!pinned) {
    process.stderr.write(
      `Hooktray needs Node.js ${NEEDED} or newer, but this is Node.js ${process.versions.node} (${process.execPath}).\n` +
        `Install Node.js ${NEEDED} from https://nodejs.org, or run "npm install" in the Hooktray folder and start it with "npm run serve -- …" there.\n`,
    );
    process.exit(1);
  }
  // Its own process group (except on Windows, where that opens a console), so a Ctrl-C reaches
  // it once, through us, and not twice: a second one means "stop without waiting".
  const child = spawn(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', detached: process.platform !== 'win32' });
  // The child is the real Hooktray: a stop request for this process is one for it.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}
