import { randomBytes } from 'node:crypto';

/** 4–63 of [a-z0-9-], not starting or ending with a dash: a valid DNS label the client may ask for. */
const NAME = /^[a-z0-9](?:[a-z0-9-]{2,61})[a-z0-9]$/;

export function isTunnelName(value: string): boolean {
  return NAME.test(value);
}

/** A random name nobody will guess or collide with: 12 base-36 characters. */
export function randomTunnelName(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (const byte of bytes) out += (byte % 36).toString(36);
  return /^[0-9]/.test(out) ? `t${out.slice(1)}` : out;
}

/** "abc.relay.example.com:443" → "abc" when the domain is relay.example.com; undefined otherwise. */
export function tunnelNameFromHost(host: string, domain: string): string | undefined {
  const hostname = hostnameOf(host);
  const suffix = `.${domain.toLowerCase()}`;
  if (!hostname.endsWith(suffix)) return undefined;
  const label = hostname.slice(0, -suffix.length);
  return label && !label.includes('.') ? label : undefined;
}

/** Host header without its port, lowercased ("[::1]:80" → "[::1]"). */
export function hostnameOf(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.lastIndexOf(':');
  return colon >= 0 ? lower.slice(0, colon) : lower;
}

/** ":8080" when the Host header names a port, else "". */
export function portSuffixOf(host: string): string {
  const match = /:(\d+)$/.exec(host.trim());
  return match && !host.trim().endsWith(']') ? `:${match[1]}` : '';
}
