import type { IncomingHttpHeaders } from 'node:http';
import { sameText } from '../tunnel/relay-protocol.ts';
import { RELAY_SIGNATURE_HEADER, verifiedRelayTime } from '../tunnel/relay-signature.ts';

/** Marks the engine's own "Accept again" of a kept request (with a token only this process knows). */
export const ACCEPT_AGAIN_HEADER = 'x-hooktray-accept-again';

export interface RelayedIntake {
  /** When our relay received it: set only under a valid relay signature. */
  relayedAt?: number;
  signature?: string;
  /** The owner's "Accept again" of a refused relayed delivery: not kept or logged a second time. */
  acceptAgain: boolean;
}

/**
 * What a webhook request says about our relay. A delivery our relay kept while this computer
 * was away carries X-Hooktray-Relayed-At and a signature made with our name key; only when the
 * signature is valid does the relay's receive time count (for time windows such as Stripe's),
 * otherwise the header is ignored and the request is an ordinary one.
 */
export function relayedIntake(
  headers: Readonly<Record<string, string | undefined>>,
  method: string,
  url: string,
  body: Uint8Array,
  nameKeys: Iterable<string>,
  acceptAgainToken: string | undefined,
): RelayedIntake {
  const relayedAt = verifiedRelayTime(headers, method, url, body, nameKeys);
  const marker = headers[ACCEPT_AGAIN_HEADER];
  const acceptAgain = relayedAt !== undefined && acceptAgainToken !== undefined && marker !== undefined && sameText(marker, acceptAgainToken);
  return relayedAt === undefined ? { acceptAgain: false } : { relayedAt, signature: headers[RELAY_SIGNATURE_HEADER]!, acceptAgain };
}

/** Every header as received (values joined), for a request kept whole to be run again. */
export function wholeHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === ACCEPT_AGAIN_HEADER || name === 'content-length' || name === 'transfer-encoding' || name === 'connection') continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
