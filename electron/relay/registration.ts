import { timingSafeEqual } from 'node:crypto';
import { isTunnelName } from './tunnel-names.ts';

/** What a client asked for: `GET <host>/?new` or `GET <host>/<name>`, <host> possibly ending in /<secret>. */
export type Registration = { ok: true; name?: string } | { ok: false; status: number; message: string };

/**
 * Reads a registration from the request path. The stock client cannot send headers, so a relay
 * with a secret expects it as the first path segment of the host URL the owner configured.
 * Returns undefined for paths that are not registrations (the landing page).
 */
export function parseRegistration(pathname: string, search: URLSearchParams, secret: string | undefined): Registration | undefined {
  const segments = pathname.split('/').filter(Boolean).map(safeDecode);
  const wantsNew = search.has('new');
  if (secret !== undefined) {
    if (segments.length === 0 && !wantsNew) return undefined;
    if (!segments[0] || !sameSecret(segments[0], secret)) {
      return {
        ok: false,
        status: 403,
        message: 'This relay needs its secret: set the tunnel host to https://<relay address>/<secret> (tunnel.host in Hooktray settings, or --tunnel-host).',
      };
    }
    segments.shift();
  }
  if (segments.length === 0) return wantsNew ? { ok: true } : undefined;
  if (segments.length > 1) return { ok: false, status: 404, message: 'Unknown path. Register with GET /<name> or GET /?new.' };
  const name = segments[0]!;
  if (!isTunnelName(name)) {
    return {
      ok: false,
      status: 403,
      message: `"${name}" is not a usable name: use 4 to 63 lowercase letters, digits or dashes, not starting or ending with a dash.`,
    };
  }
  return { ok: true, name };
}

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  // Compare equal-length buffers so the time taken says nothing about the secret.
  return timingSafeEqual(a.length === b.length ? a : b, b) && a.length === b.length;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
