import { request } from 'node:http';

export type UploadOutcome = { status: number; body: string } | { error: string };

/**
 * Sends `bytes` of body a little at a time, with "Connection: close" (as many platforms' HTTP
 * clients do), and reports what the sender saw: the answer, or the error its client raised (a
 * reset shows as EPIPE or ECONNRESET). Like most HTTP clients it counts a failed write as a
 * failure even when an answer had arrived, so a receiver that answers early and then hangs up
 * under a sender still writing is caught here.
 */
export function slowUpload(
  port: number,
  options: { path: string; bytes: number; host?: string; chunked?: boolean; headers?: Record<string, string> },
): Promise<UploadOutcome> {
  const piece = Buffer.alloc(16 * 1024, 0x20);
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: options.path,
        agent: false,
        headers: {
          'content-type': 'application/json',
          ...(options.host ? { host: options.host } : {}),
          ...(options.chunked ? {} : { 'content-length': options.bytes }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => (answer = { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    let answer: UploadOutcome | undefined;
    let failure: UploadOutcome | undefined;
    req.on('error', (error: NodeJS.ErrnoException) => (failure = { error: error.code ?? error.message }));
    // Settled when the connection is over: an error raised after the answer still counts.
    req.on('close', () => resolve(failure ?? answer ?? { error: 'closed without an answer' }));
    let sent = 0;
    const next = () => {
      if (req.destroyed) return;
      if (sent >= options.bytes) return void req.end();
      const size = Math.min(piece.length, options.bytes - sent);
      req.write(piece.subarray(0, size));
      sent += size;
      setTimeout(next, 1);
    };
    next();
  });
}
