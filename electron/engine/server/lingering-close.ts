import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** How long, and how much, the body of an answered request is still read and dropped. */
export const LINGER = { ms: 5_000, bytes: 8 * 1024 * 1024 };

/**
 * Calls `end` once the body of `req` has arrived. An answer given before the body is read (too
 * large, an unknown address) lets Node close the connection while the sender is still writing;
 * the kernel then resets it, and the sender reports "EPIPE" or "connection reset" instead of our
 * answer. So the rest is read and dropped, for at most LINGER.ms and LINGER.bytes (the "lingering
 * close" of Apache and nginx), and only a sender that goes on past that is cut off.
 */
export function endAfterBody(req: IncomingMessage, end: () => void): void {
  if (bodyIn(req)) return end();
  let dropped = 0;
  const cut = () => req.destroy();
  const timer = setTimeout(cut, LINGER.ms);
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER.bytes) cut();
  });
  req.once('end', () => {
    clearTimeout(timer);
    end();
  });
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

type End = ServerResponse['end'];

/**
 * Makes every answer of `app` to a request with a body wait for that body (see endAfterBody).
 * The answer itself is written at once, so the sender can read it while it is still sending.
 */
export function lingerOnEarlyAnswers(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    if (hasBody(req.raw)) {
      const res = reply.raw;
      const end = res.end as (...args: unknown[]) => ServerResponse;
      res.end = function (this: ServerResponse, ...args: unknown[]) {
        if (bodyIn(req.raw)) return end.apply(this, args);
        const [chunk, encoding] = args;
        if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') this.write(chunk as Buffer, encoding as BufferEncoding);
        const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
        endAfterBody(req.raw, () => end.call(this, callback));
        return this;
      } as End;
    }
    done();
  });
}

/**
 * All of the body has been read off the connection (or there is no connection left to read).
 * `readableEnded` too: a request made by app.inject (Accept again) never reports `complete`.
 */
function bodyIn(req: IncomingMessage): boolean {
  return req.complete || req.readableEnded || req.destroyed;
}

function hasBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}
