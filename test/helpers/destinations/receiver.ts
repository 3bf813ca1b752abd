import { createHmac, timingSafeEqual } from 'node:crypto';
import { startContractServer, type Recorded, type Reply } from './contract-server.ts';

/**
 * A receiver of Hooktray's HTTP forward that checks X-Hooktray-Signature the way the README tells
 * receivers to: HMAC-SHA256 over "<t>.<raw body>" with the shared secret, compared in constant
 * time, timestamp within 5 minutes. Unsigned or badly signed requests get 401.
 */
export async function startReceiver(secret: string | undefined) {
  const accepted: Recorded[] = [];
  const server = await startContractServer((req: Recorded): Reply => {
    if (req.method !== 'POST' || req.path !== '/hooks/hooktray') return { status: 404, body: 'not found' };
    if (!/^application\/json/.test(req.headers['content-type'] ?? '') || req.json === undefined) return { status: 400, body: 'expected JSON' };
    if (secret && !verify(secret, req.text, String(req.headers['x-hooktray-signature'] ?? ''))) return { status: 401, body: 'bad signature' };
    accepted.push(req);
    return { status: 200, body: { received: true } };
  });
  return Object.assign(server, { accepted, hookUrl: `${server.url}/hooks/hooktray` });
}

export function verify(secret: string, body: string, header: string, now = Date.now()): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(now / 1000 - t) > 300 || !parts.v1) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
