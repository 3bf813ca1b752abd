import { spawn } from 'node:child_process';
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every process under `pid` (Linux /proc): a launcher that stayed as a parent would show up as one. */
function descendants(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

describe('the README’s run command (bin/hooktray serve)', () => {
  it.skipIf(process.platform !== 'linux')(
    'is one Node 24 process, the project’s own, with nothing in between',
    async () => {
      // As typed in a shell: PATH's node may be older; the launcher must not depend on it.
      const child = spawn(join(ROOT, 'bin/hooktray'), ['serve', '--data-dir', tempDir(), '--port', '0', '--json', '--tunnel', 'none'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PATH: `/usr/bin:/bin` },
      });
      onTestFinished(() => {
        if (child.exitCode === null) child.kill('SIGKILL');
      });
      const stderr: string[] = [];
      child.stderr!.on('data', (c: Buffer) => stderr.push(c.toString()));
      const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr.join('')}`)));
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          if (parsed.event === 'ready') resolve(parsed);
        });
      });
      expect(ready).toMatchObject({
        webhooks: { shopify: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/h\/shopify\//) },
        dashboard: expect.stringContaining('#token='),
      });
      expect(realpathSync(readlinkSync(`/proc/${child.pid}/exe`))).toBe(realpathSync(join(ROOT, 'node_modules/node/bin/node')));
      expect(descendants(child.pid!)).toEqual([]);
      const exited = new Promise<number | null>((resolve) => child.removeAllListeners('exit').once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    },
    90_000,
  );
});
