import { request } from 'node:http';
import { spawnCli, type CliProcess } from './cli.ts';

export interface SpawnedRelay extends CliProcess {
  port: number;
  /** http://127.0.0.1:<port>[/<secret>]: what Hooktray's tunnel host is set to. */
  host: string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** `hooktray relay --json --port <port|0>` on 127.0.0.1, domain localhost; resolves on the ready line. */
export async function spawnRelay(args: string[] = [], options: { port?: number; secret?: string; env?: NodeJS.ProcessEnv } = {}): Promise<SpawnedRelay> {
  const cli = spawnCli(
    ['relay', '--json', '--port', String(options.port ?? 0), '--domain', 'localhost', ...(options.secret ? ['--secret', options.secret] : []), ...args],
    options.env ? { env: options.env } : {},
  );
  const ready = (await cli.waitForLine((l) => l.event === 'ready', 'the relay ready line')) as { port: number };
  return {
    ...cli,
    port: ready.port,
    host: `http://127.0.0.1:${ready.port}${options.secret ? `/${options.secret}` : ''}`,
    async stop() {
      if (cli.child.exitCode !== null || cli.child.signalCode !== null) return;
      cli.child.kill('SIGTERM');
      await cli.exited;
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request to 127.0.0.1:<port> with an explicit Host header (fetch cannot set one, and
 * *.localhost must not depend on the system resolver). Always bounded by a timeout.
 */
export function relayRequest(
  port: number,
  options: { host?: string; method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number; chunked?: boolean },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        agent: false,
        headers: { ...(options.host ? { host: options.host } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    if (!options.chunked || options.body === undefined) return void req.end(options.body);
    // No Content-Length: the receiver learns the size only while reading.
    const body = Buffer.from(options.body);
    for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
    req.end();
  });
}

/** The Host header that routes to tunnel <name> on a test relay. */
export function tunnelHost(name: string, relayPort: number): string {
  return `${name}.localhost:${relayPort}`;
}
