import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freshBundle } from '../../bin/fresh-bundle.js';
import { tempDir } from '../helpers/temp-dir.ts';

const FRESH = fileURLToPath(new URL('../../bin/fresh-bundle.js', import.meta.url));

/**
 * A project folder laid out like Hooktray's, whose build script (standing in for vite's, which
 * takes seconds) writes dist-cli/cli.mjs and counts its runs in builds.log.
 */
function project(): { root: string; builds: () => number; touch: (file: string, secondsFromNow: number) => void } {
  const root = tempDir();
  mkdirSync(join(root, 'electron/engine'), { recursive: true });
  mkdirSync(join(root, 'shared'));
  mkdirSync(join(root, 'build'));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}');
  writeFileSync(join(root, 'electron/cli.ts'), 'console.log(1);\n');
  writeFileSync(join(root, 'electron/engine/engine.ts'), 'export {};\n');
  writeFileSync(
    join(root, 'build/build-cli.ts'),
    `import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
     appendFileSync('builds.log', 'x');
     await new Promise((r) => setTimeout(r, 300)); // a build takes a while: a second start waits for it
     mkdirSync('dist-cli', { recursive: true });
     writeFileSync('dist-cli/cli.mjs', 'export {};');`,
  );
  const touch = (file: string, secondsFromNow: number) => {
    const at = new Date(Date.now() + secondsFromNow * 1000);
    utimesSync(join(root, file), at, at);
  };
  // Sources as of a minute ago, as after a checkout.
  for (const file of ['package.json', 'electron/cli.ts', 'electron/engine/engine.ts', 'electron/engine', 'electron', 'shared', 'build/build-cli.ts'])
    touch(file, -60);
  return { root, builds: () => readFileSync(join(root, 'builds.log'), 'utf8').length, touch };
}

const quiet = () => undefined;

describe('the bundle the hooktray command runs', () => {
  it('is built when missing, used as is while fresh, and rebuilt once a source is newer', () => {
    const { root, builds, touch } = project();
    expect(freshBundle(root, quiet)).toBe(join(root, 'dist-cli/cli.mjs'));
    expect(builds()).toBe(1);
    expect(freshBundle(root, quiet)).toBe(join(root, 'dist-cli/cli.mjs'));
    expect(builds()).toBe(1);

    touch('dist-cli/cli.mjs', -30); // built half a minute ago…
    touch('electron/engine/engine.ts', -10); // …then an edit, or a git pull
    const said: string[] = [];
    freshBundle(root, (line) => said.push(line));
    expect(builds()).toBe(2);
    expect(said).toEqual([expect.stringContaining('sources changed')]);

    // A file added (its folder changes) counts as well.
    touch('dist-cli/cli.mjs', -30);
    writeFileSync(join(root, 'shared/new.ts'), 'export {};');
    touch('shared/new.ts', -40);
    touch('shared', -10);
    freshBundle(root, quiet);
    expect(builds()).toBe(3);
  });

  it('builds once when two starts find it stale at the same time', async () => {
    const { root, builds } = project();
    const start = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `import { freshBundle } from ${JSON.stringify(FRESH)}; process.stdout.write(String(freshBundle(${JSON.stringify(root)}, () => {})));`,
          ],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exited with ${code}`))));
      });
    expect(await Promise.all([start(), start()])).toEqual([join(root, 'dist-cli/cli.mjs'), join(root, 'dist-cli/cli.mjs')]);
    expect(builds()).toBe(1);
  });

  it('runs the sources when the bundle cannot be built, and says so', () => {
    const { root } = project();
    writeFileSync(join(root, 'build/build-cli.ts'), 'process.exit(3);');
    const said: string[] = [];
    expect(freshBundle(root, (line) => said.push(line))).toBeUndefined();
    expect(said.at(-1)).toContain('running from the sources instead');
  });
});
