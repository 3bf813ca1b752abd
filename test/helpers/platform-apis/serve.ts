import Fastify, { type FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';

/** Starts a contract server on 127.0.0.1 and closes it when the test ends. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  onTestFinished(() => app.close());
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** A Fastify app that records each request line, for asserting what the client asked. */
export function contractApp() {
  const app = Fastify();
  const requests: string[] = [];
  app.addHook('onRequest', async (req) => {
    requests.push(`${req.method} ${req.url}`);
  });
  return { app, requests };
}

/** Answers the first request to a route 429 with Retry-After, as rate-limited APIs do. */
export function rateLimitOnce(seconds = 1) {
  let limited = false;
  return (reply: { code(n: number): { header(k: string, v: string): { send(b: unknown): unknown } } }) => {
    if (limited) return false;
    limited = true;
    reply.code(429).header('retry-after', String(seconds)).send({ error: 'rate limited' });
    return true;
  };
}
