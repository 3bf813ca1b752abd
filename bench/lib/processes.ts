import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Spawned {
  child: ChildProcess;
  /** The first JSON line that matched, e.g. the ready line. */
  ready: Record<string, unknown>;
  startedAt: number;
  readyAt: number;
  stop(): Promise<void>;
}

/** Starts a Node script and waits for its first JSON line with `event === readyEvent`. */
export function spawnNode(args: string[], readyEvent = 'ready', timeoutMs = 30_000): Promise<Spawned> {
  return spawnCommand(process.execPath, args, { readyEvent, timeoutMs });
}

/** Starts a command and waits for its first JSON line with `event === readyEvent`. */
export function spawnCommand(command: string, args: string[], options: { readyEvent?: string; timeoutMs?: number } = {}): Promise<Spawned> {
  const { readyEvent = 'ready', timeoutMs = 30_000 } = options;
  const startedAt = performance.now();
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOOKTRAY_LOG_LEVEL: 'warn' } });
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line from ${args.join(' ')}:\n${stderr.join('\n')}`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${stderr.join('\n')}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (parsed.event !== readyEvent) return;
      clearTimeout(timer);
      const readyAt = performance.now();
      resolve({
        child,
        ready: parsed,
        startedAt,
        readyAt,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      });
    });
  });
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/** The process and everything it started, from /proc (Linux): what a command costs as typed. */
export function processTree(pid: number): number[] {
  // Children are listed per thread that started them.
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  );
  return [pid, ...children.flatMap(processTree)];
}

/** RSS of a process and all its descendants, in MB (each counted whole, as `ps` shows them). */
export function treeRssMb(pid: number): { mb: number; processes: number } {
  const pids = processTree(pid);
  return { mb: Math.round(pids.reduce((sum, p) => sum + rssMb(p), 0) * 10) / 10, processes: pids.length };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A fresh folder for a benchmark's data, removed when the benchmark process exits: a run writes
 * hundreds of MB of journal per server, which would otherwise pile up in the system's tmp.
 */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (!scratchDirs.size) process.once('exit', () => scratchDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  scratchDirs.add(dir);
  return dir;
}
const scratchDirs = new Set<string>();
