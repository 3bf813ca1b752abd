import type { IncomingHttpHeaders } from 'node:http';

/** Credentials a sender may put in headers; we keep that they were there, never their value. */
const REDACTED = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** Lower-cased names, first value only: what sources read. */
export function requestHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = Array.isArray(value) ? value[0] : value;
  return out;
}

/** What we store with a delivery or a rejection. */
export function storedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = REDACTED.has(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
