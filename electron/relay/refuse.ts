import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long, and how much, the relay keeps reading a refused upload so its sender sees the answer. */
const DRAIN_MS = 5_000;
const DRAIN_BYTES = 8 * 1024 * 1024;

/** Answers with a JSON body that says what happened; a request already answered in part is cut. */
export function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({ error: status, message });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/**
 * Refuses a request whose body is still arriving. Hanging up at once resets the connection under
 * a sender that is still writing, and most HTTP clients then report "EPIPE" or "connection reset"
 * instead of our answer; so the rest of the body is read and dropped, for at most DRAIN_MS and
 * DRAIN_BYTES (the "lingering close" of Apache and nginx), and only a sender that goes on beyond
 * that is cut off.
 */
export function refuseUpload(req: IncomingMessage, res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  let dropped = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, DRAIN_MS);
  const stop = () => clearTimeout(timer);
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN_BYTES) cut();
  });
  req.once('end', stop);
  req.once('close', stop);
  refuse(res, status, message, headers);
}
