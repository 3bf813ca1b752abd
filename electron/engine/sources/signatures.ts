import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256(secret: string, data: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/**
 * Compares a signature the sender gave (as text in `encoding`) with the digest we computed, in
 * constant time. Malformed or wrong-length input is simply "no match".
 */
export function signatureMatches(given: string, expected: Buffer, encoding: 'base64' | 'hex'): boolean {
  const trimmed = given.trim();
  if (encoding === 'hex' && !/^[0-9a-fA-F]+$/.test(trimmed)) return false;
  if (encoding === 'base64' && !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return false;
  const decoded = Buffer.from(trimmed, encoding);
  return decoded.length === expected.length && timingSafeEqual(decoded, expected);
}

/** Constant-time equality of two strings (tokens, handshake keys). */
export function secretEquals(given: string, expected: string): boolean {
  const a = hmacSha256('hooktray-compare', given);
  const b = hmacSha256('hooktray-compare', expected);
  return timingSafeEqual(a, b);
}

export function secretOf(settings: Readonly<Record<string, unknown>> | undefined, key = 'secret'): string | undefined {
  const value = settings?.[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A delivery id for platforms that send none: the same bytes again are the same delivery. */
export function bodyDigest(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}
