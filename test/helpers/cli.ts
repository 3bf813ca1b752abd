import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

const CLI = fileURLToPath(new URL('../../electron/cli.ts', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  /** Every JSON line printed on stdout so far. */
  lines: Record<string, unknown>[];
  stderr: string[];
  /** Resolves with the first (past or future) line matching `match`. */
  waitForLine(match: (line: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `hooktray <args>` with the same Node as the tests, reading its JSON lines. */
export function spawnCli(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  const lines: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      lines.push({ text: line });
    }
    for (const l of listeners) l();
  });
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return {
    child,
    lines,
    stderr,
    exited,
    waitForLine(match, what, timeoutMs = 20_000) {
      const found = lines.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${what}; stderr:\n${stderr.slice(-20).join('\n')}`));
        }, timeoutMs);
        const check = () => {
          const line = lines.find(match);
          if (!line) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(line);
        };
        listeners.add(check);
        void exited.then(() => {
          if (!listeners.has(check)) return;
          clearTimeout(timer);
          listeners.delete(check);
          reject(new Error(`process exited before ${what}; stderr:\n${stderr.slice(-20).join('\n')}`));
        });
      });
    },
  };
}

/** `hooktray serve --json --port 0 --tunnel none` (tests never reach the internet; extraArgs may override); resolves once the ready line is out. */
export async function spawnServe(dataDir: string, extraArgs: string[] = [], options: { env?: NodeJS.ProcessEnv } = {}) {
  const cli = spawnCli(['serve', '--data-dir', dataDir, '--port', '0', '--json', '--tunnel', 'none', ...extraArgs], options);
  // As electron/cli/serve.ts prints it (dashboard unless --no-dashboard, networkUrls on 0.0.0.0).
  const ready = (await cli.waitForLine((l) => l.event === 'ready', 'the ready line')) as {
    event: 'ready';
    webhooks: Record<string, string>;
    dashboard?: string;
    networkUrls?: string[];
    dataDir: string;
    settings: string;
  };
  return { ...cli, ready };
}
