import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  text: string;
  /** Parsed JSON body, when it was JSON. */
  json: unknown;
  at: number;
  /** Status the server answered. */
  status?: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: Recorded) => Reply;

/**
 * A loopback HTTP server that plays one destination's documented contract. Each destination
 * helper supplies a handler that checks auth, body shape and rules and answers like the real
 * API. `inject` queues canned failures (429 with Retry-After, 503, …) answered before the
 * contract runs, and every request is recorded for assertions.
 */
export async function startContractServer(handler: Handler) {
  const requests: Recorded[] = [];
  const injected: Reply[] = [];
  const rules: { when: (req: Recorded) => boolean; reply: Reply }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const recorded: Recorded = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, text, json, at: Date.now() };
      requests.push(recorded);
      let reply: Reply;
      try {
        const rule = rules.findIndex((r) => r.when(recorded));
        const ruled = rule >= 0 ? rules.splice(rule, 1)[0]!.reply : undefined;
        reply = injected.shift() ?? ruled ?? handler(recorded);
      } catch (error) {
        reply = { status: 500, body: { error: `contract server bug: ${(error as Error).message}` } };
      }
      recorded.status = reply.status;
      const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        ...(typeof reply.body === 'string' ? { 'content-type': 'text/plain' } : body ? { 'content-type': 'application/json' } : {}),
        ...reply.headers,
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  onTestFinished(async () => {
    server.closeAllConnections();
    await close();
  });
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Answer the next n requests with this reply instead of the contract. */
    inject(reply: Reply, n = 1) {
      for (let i = 0; i < n; i++) injected.push(reply);
    },
    /** Answer the first request that matches `when` with this reply instead of the contract. */
    injectWhen(when: (req: Recorded) => boolean, reply: Reply) {
      rules.push({ when, reply });
    },
  };
}

export type ContractServer = Awaited<ReturnType<typeof startContractServer>>;

/** Only these keys, each with the given type check: anything else is a 400 at a real API too. */
export function unknownKeys(value: unknown, allowed: readonly string[]): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['(not an object)'];
  return Object.keys(value).filter((k) => !allowed.includes(k));
}
