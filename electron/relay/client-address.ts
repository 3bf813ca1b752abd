import type { IncomingMessage } from 'node:http';

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** "::ffff:203.0.113.5" → "203.0.113.5": one spelling per address, so two can be compared. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address.toLowerCase();
}

/**
 * The address a request really came from. Behind a TLS proxy on the same machine the peer is
 * loopback and the proxy appended the true peer as the last X-Forwarded-For entry; from
 * anywhere else the header may be forged and the socket's peer is the answer.
 */
export function clientAddress(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? '';
  if (!isLoopback(peer)) return plainAddress(peer);
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return plainAddress(forwarded.at(-1) ?? peer);
}
