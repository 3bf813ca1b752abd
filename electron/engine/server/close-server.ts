import type { FastifyInstance } from 'fastify';

/** How long a stop waits for requests still arriving or being answered before cutting them off. */
export const CLOSE_GRACE_MS = 2_000;

/**
 * Closes a listener. Fastify closes idle keep-alive connections at once but waits for every
 * request in flight, and a sender that stalls halfway through its body (or never reads our
 * answer) would hold the stop, and the whole process, for good. So after `graceMs` every
 * connection still open is cut; a platform whose delivery was cut sends it again.
 */
export async function closeWithin(app: FastifyInstance, graceMs = CLOSE_GRACE_MS): Promise<void> {
  const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}
