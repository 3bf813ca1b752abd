import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; body: Buffer } | { ok: false; status: number; message: string };

/**
 * The whole request body, read before the request takes a tunnel slot, so a slow sender holds
 * only its own connection. Bounded in size (413) and in time (408); 0 when the sender went away.
 */
export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(
      () => done({ ok: false, status: 408, message: `The body did not arrive within ${Math.round(timeoutMs / 1000)} s; send it again.` }),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes)
        return done({ ok: false, status: 413, message: `The body is larger than this relay's ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB limit.` });
      chunks.push(chunk);
    };
    const onEnd = () => done({ ok: true, body: Buffer.concat(chunks, size) });
    const onGone = () => done({ ok: false, status: 0, message: 'the sender went away' });
    function done(result: BodyResult) {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
      resolve(result);
    }
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onGone);
    req.once('close', onGone);
  });
}
