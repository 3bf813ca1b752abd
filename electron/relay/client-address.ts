import type { IncomingMessage } from 'node:http';

/**
 * A TLS proxy on this machine (Caddy, nginx) connects from 127.0.0.1 or ::1 and says who the
 * client really is in X-Forwarded-For; nobody else is trusted to.
 */
export function isLocalProxy(address: string): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** "::ffff:203.0.113.5" → "203.0.113.5": one spelling per address, so two can be compared. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address.toLowerCase();
}

/**
 * The address a request really came from. Behind a local TLS proxy, the true peer is the last
 * X-Forwarded-For entry (the proxy appended it); from anywhere else the header may be forged
 * and the socket's peer is the answer.
 */
export function clientAddress(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? '';
  if (!isLocalProxy(peer)) return plainAddress(peer);
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return plainAddress(forwarded.at(-1) ?? peer);
}
