import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';

const BIN = fileURLToPath(new URL('../../bin/hooktray.js', import.meta.url));

/** The system's own Node when it is older than 24 (as on the machines Hooktray targets), else undefined. */
function oldSystemNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (Number(version.replace(/^v/, '').split('.')[0]) < 24) return candidate;
  }
  return undefined;
}

describe('bin/hooktray.js on an older Node', () => {
  const node = oldSystemNode();

  it.skipIf(!node)('runs Hooktray with the project’s own Node 24, passing a SIGTERM on', async () => {
    const child = spawn(node!, [BIN, 'serve', '--data-dir', tempDir(), '--port', '0', '--json', '--tunnel', 'none', '--no-dashboard'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const lines: Record<string, unknown>[] = [];
    const ready = new Promise<void>((resolve) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        lines.push(JSON.parse(line) as Record<string, unknown>);
        if (lines.at(-1)!.event === 'ready') resolve();
      });
    });
    const stderr: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await ready;
    child.kill('SIGTERM');
    expect(await exited, stderr.join('')).toBe(0);
    expect(lines.at(-1)).toEqual({ event: 'stopped' });
  });

  it.skipIf(!node)('says plainly that Node 24 is needed when there is no project Node to use', () => {
    // The bin as a global install on that Node sees it: no node_modules/node beside it.
    const dir = tempDir();
    mkdirSync(join(dir, 'bin'));
    copyFileSync(BIN, join(dir, 'bin', 'hooktray.js'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const result = spawnSync(node!, [join(dir, 'bin', 'hooktray.js'), 'serve'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Hooktray needs Node\.js 24 or newer, but this is Node\.js \d+\.\d+\.\d+ /);
    expect(result.stderr).toContain('https://nodejs.org');
    expect(result.stderr).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
  });
});
