import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';
import Fastify from 'fastify';
import { onTestFinished } from 'vitest';

export const PAYPAL_CERT_URL = 'https://api.paypal.com/v1/notifications/certs/CERT-360caa42';

/**
 * PayPal's OAuth and verify-webhook-signature endpoints on loopback, enforcing their contract:
 * Basic auth with the app's credentials and a client_credentials form on the token endpoint;
 * Bearer with that token and every documented field on verify.
 *
 * It also plays PayPal's sending side: `transmit(body)` signs the exact bytes it "sends" over
 * `transmission_id|transmission_time|webhook_id|crc32(body)`, as PayPal does (with a key of its
 * own standing in for PayPal's certificate). Verify recomputes that over the webhook_event bytes
 * it receives, so it answers SUCCESS only for the very bytes sent, with the headers that came with
 * them, for this webhook id.
 */
export async function startPayPalApi(options: { clientId: string; clientSecret: string; webhookId: string }) {
  const app = Fastify();
  const token = 'A21AA-test-token';
  const signingKey = randomBytes(32);
  const calls = { token: 0, verify: 0 };
  let down = false;
  const sign = (id: string, time: string, webhookId: string, body: Buffer) =>
    createHmac('sha256', signingKey)
      .update(`${id}|${time}|${webhookId}|${crc32(body)}`)
      .digest();

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) => done(null, body));
  // Keep the verify request as text: webhook_event is checked byte for byte.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_r, body, done) => done(null, body));
  app.post('/v1/oauth2/token', async (req, reply) => {
    calls.token++;
    if (down) return reply.code(503).send({ name: 'SERVICE_UNAVAILABLE' });
    const expected = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return reply.code(401).send({ error: 'invalid_client' });
    if (req.body !== 'grant_type=client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type' });
    return { access_token: token, token_type: 'Bearer', expires_in: 32400 };
  });
  app.post('/v1/notifications/verify-webhook-signature', async (req, reply) => {
    calls.verify++;
    if (down) return reply.code(503).send({ name: 'SERVICE_UNAVAILABLE' });
    if (req.headers.authorization !== `Bearer ${token}`) return reply.code(401).send({ name: 'AUTHENTICATION_FAILURE' });
    const text = String(req.body);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return reply.code(400).send({ name: 'MALFORMED_REQUEST_JSON' });
    }
    const required = ['auth_algo', 'cert_url', 'transmission_id', 'transmission_sig', 'transmission_time', 'webhook_id', 'webhook_event'];
    const missing = required.filter((k) => body[k] === undefined);
    if (missing.length) return reply.code(400).send({ name: 'VALIDATION_ERROR', details: missing });
    const event = rawMember(text, 'webhook_event');
    const given = Buffer.from(String(body.transmission_sig), 'base64');
    const expected = sign(String(body.transmission_id), String(body.transmission_time), String(body.webhook_id), Buffer.from(event ?? '', 'utf8'));
    const genuine =
      event !== undefined &&
      body.auth_algo === 'SHA256withRSA' &&
      body.cert_url === PAYPAL_CERT_URL &&
      body.webhook_id === options.webhookId &&
      given.length === expected.length &&
      timingSafeEqual(given, expected);
    return { verification_status: genuine ? 'SUCCESS' : 'FAILURE' };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  onTestFinished(() => app.close());
  const address = app.server.address();
  return {
    baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    calls,
    setDown(value: boolean) {
      down = value;
    },
    /** The headers PayPal sends with `body` (exactly these bytes) to this webhook. */
    transmit(body: string, at = new Date()): Record<string, string> {
      const id = randomUUID();
      const time = at.toISOString();
      return {
        'content-type': 'application/json',
        'paypal-transmission-id': id,
        'paypal-transmission-time': time,
        'paypal-transmission-sig': sign(id, time, options.webhookId, Buffer.from(body, 'utf8')).toString('base64'),
        'paypal-cert-url': PAYPAL_CERT_URL,
        'paypal-auth-algo': 'SHA256withRSA',
      };
    },
  };
}

/** The exact text of a top-level member's value in a JSON object, as it appears in `text`. */
function rawMember(text: string, name: string): string | undefined {
  let depth = 0;
  let expectKey = false;
  let key: string | undefined;
  let valueStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        key = JSON.parse(text.slice(i, end + 1)) as string;
        expectKey = false;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === '}' || c === ']') {
      if (depth === 1 && key === name) return text.slice(valueStart, i);
      depth--;
    } else if (depth === 1 && c === ':') {
      valueStart = i + 1;
    } else if (depth === 1 && c === ',') {
      if (key === name) return text.slice(valueStart, i);
      expectKey = true;
    }
  }
  return undefined;
}
