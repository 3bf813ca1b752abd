import { createHmac } from 'node:crypto';
import { sameText } from './relay-protocol.ts';

/** Headers our relay adds to a delivery it kept while Hooktray was away and hands over later. */
export const RELAYED_AT_HEADER = 'x-hooktray-relayed-at';
export const RELAY_SIGNATURE_HEADER = 'x-hooktray-relay-signature';

/**
 * "v1=<hex>": HMAC-SHA256 with the name key over the receive time, method, path and body. Only
 * our relay and this Hooktray hold the key, so a valid one proves when the relay received
 * exactly these bytes: what a platform's time window is checked against.
 */
export function relaySignature(nameKey: string, relayedAt: string, method: string, path: string, body: Uint8Array): string {
  const hmac = createHmac('sha256', nameKey);
  hmac.update(`${relayedAt}\n${method.toUpperCase()}\n${path}\n`);
  hmac.update(body);
  return `v1=${hmac.digest('hex')}`;
}

/**
 * The time our relay received a delivery, when its relay signature is valid under one of
 * `nameKeys`; undefined otherwise (then X-Hooktray-Relayed-At means nothing and is ignored).
 */
export function verifiedRelayTime(
  headers: Readonly<Record<string, string | undefined>>,
  method: string,
  path: string,
  body: Uint8Array,
  nameKeys: Iterable<string>,
): number | undefined {
  const relayedAt = headers[RELAYED_AT_HEADER];
  const signature = headers[RELAY_SIGNATURE_HEADER];
  if (!relayedAt || !signature) return undefined;
  const at = Date.parse(relayedAt);
  if (!Number.isFinite(at)) return undefined;
  for (const key of nameKeys) if (sameText(signature, relaySignature(key, relayedAt, method, path, body))) return at;
  return undefined;
}
