import type { ServerResponse } from 'node:http';
import { endAfterBody } from '../engine/server/lingering-close.ts';

/**
 * Answers with a JSON body that says what happened. The answer goes out at once; the connection
 * is ended only once the request's body is in, so a sender still writing reads it instead of a
 * reset. A request already answered in part is cut.
 */
export function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.destroy();
  writeAnswer(res, status, message, headers);
  endAfterBody(res.req, () => res.end());
}

/** Answers and hangs up without waiting for the rest of the body: for a sender too slow to wait for. */
export function refuseAndHangUp(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return void res.destroy();
  writeAnswer(res, status, message, { connection: 'close' });
  res.end(() => res.req.destroy());
}

function writeAnswer(res: ServerResponse, status: number, message: string, headers: Record<string, string>): void {
  const body = JSON.stringify({ error: status, message });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.write(body);
}
