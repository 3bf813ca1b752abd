import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Hooktray's additions to the localtunnel protocol, spoken by `hooktray relay` and our client.
 * The stock protocol lets any TCP client that reaches a tunnel port answer that name's public
 * requests; ours makes every socket prove itself before the relay hands it one:
 *
 * - Registration: our client adds `x-hooktray-tunnel: 1` (and, once it holds the name's key,
 *   `x-hooktray-name-key-id`: a hash of the key, never the key). The answer adds `socket_key`,
 *   a random key for this registration only.
 * - Every tunnel socket starts with one line from the client: `HOOKTRAY-TUNNEL/1 <socket_key>
 *   <name key or ->`, answered by `OK`, `OK <new name key>` (first claim of the name) or
 *   `NO <reason>`. Only then does the relay send requests down it. On a TLS relay the line goes
 *   over TLS, so the name key never crosses the network in clear.
 */
export const CLIENT_HEADER = 'x-hooktray-tunnel';
export const NAME_KEY_ID_HEADER = 'x-hooktray-name-key-id';
export const MAX_LINE_BYTES = 512;
const HELLO = 'HOOKTRAY-TUNNEL/1';
const KEY = /^[A-Za-z0-9_-]{43}$/;

export interface Hello {
  socketKey: string;
  nameKey?: string;
}

export type HelloReply = { ok: true; nameKey?: string } | { ok: false; message: string };

/** 32 random bytes, base64url: a socket key or a name key. */
export function newKey(): string {
  return randomBytes(32).toString('base64url');
}

export function isKey(value: string): boolean {
  return KEY.test(value);
}

/** What the relay keeps of a name key, and what a registration may show: a one-way hash of it. */
export function nameKeyId(nameKey: string): string {
  return createHash('sha256').update(`hooktray name key\n${nameKey}`).digest('base64url');
}

/** Equal strings, compared in time that does not depend on where they differ. */
export function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function helloLine(hello: Hello): string {
  return `${HELLO} ${hello.socketKey} ${hello.nameKey ?? '-'}\n`;
}

export function parseHello(line: string): Hello | undefined {
  const [prefix, socketKey, nameKey, ...rest] = line.trim().split(' ');
  if (prefix !== HELLO || !socketKey || !isKey(socketKey) || !nameKey || rest.length) return undefined;
  if (nameKey !== '-' && !isKey(nameKey)) return undefined;
  return { socketKey, ...(nameKey !== '-' ? { nameKey } : {}) };
}

export function replyLine(reply: HelloReply): string {
  if (!reply.ok) return `NO ${reply.message.replace(/[\r\n]+/g, ' ')}\n`;
  return reply.nameKey ? `OK ${reply.nameKey}\n` : 'OK\n';
}

export function parseReply(line: string): HelloReply | undefined {
  const text = line.replace(/\r?\n$/, '');
  if (text === 'OK') return { ok: true };
  if (text.startsWith('OK ') && isKey(text.slice(3))) return { ok: true, nameKey: text.slice(3) };
  if (text.startsWith('NO ')) return { ok: false, message: text.slice(3) };
  return undefined;
}
