import type { IncomingMessage } from 'node:http';

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/**
 * The address a request really came from. Behind a TLS proxy on the same machine the peer is
 * loopback and the proxy appended the true peer as the last X-Forwarded-For entry; from
 * anywhere else the header may be forged and the socket's peer is the answer.
 */
export function clientAddress(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? '';
  if (!isLoopback(peer)) return peer;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return forwarded.at(-1) ?? peer;
}
