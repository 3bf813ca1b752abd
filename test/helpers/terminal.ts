import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

const CLI = fileURLToPath(new URL('../../electron/cli.ts', import.meta.url));

export interface TerminalProcess {
  /** Everything the terminal showed so far (stdout and stderr, as a person sees them), line by line. */
  lines(): string[];
  /** Resolves once a line matches. */
  waitFor(match: RegExp, what: string, timeoutMs?: number): Promise<string>;
  /** SIGTERM to the terminal session; resolves with its exit code once Hooktray has stopped. */
  stop(): Promise<number | null>;
}

/**
 * Runs `hooktray <args>` on a pseudo-terminal (util-linux `script`), so the real process sees a
 * terminal on stdout and stderr, as when an owner types the command.
 */
export function spawnOnTerminal(args: string[]): TerminalProcess {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['--quiet', '--flush', '--return', '--command', command, '/dev/null'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TERM: 'dumb', COLUMNS: '200' },
  });
  let text = '';
  const waiters = new Set<() => void>();
  const take = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const w of waiters) w();
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const lines = () =>
    text
      .split(/\r?\n/)
      .map((l) => l.replace(/\r/g, ''))
      .filter(Boolean);
  return {
    lines,
    waitFor(match, what, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines().find((l) => match.test(l));
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}; the terminal showed:\n${lines().join('\n')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
