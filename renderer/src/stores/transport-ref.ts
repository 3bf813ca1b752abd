import type { Transport } from '../transport/index.ts';

let current: Transport | undefined;

/** Set once at start-up; stores reach the engine only through this. */
export function setTransport(transport: Transport): void {
  current = transport;
}

export function transport(): Transport {
  if (!current) throw new Error('transport not set');
  return current;
}
