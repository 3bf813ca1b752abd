import Fastify from 'fastify';
import { onTestFinished } from 'vitest';

/**
 * PayPal's OAuth and verify-webhook-signature endpoints on loopback, enforcing their contract:
 * Basic auth with the app's credentials and a client_credentials form on the token endpoint;
 * Bearer with that token and every documented field on verify. A transmission is "genuine" when
 * its id is in `genuine` and the webhook id matches.
 */
export async function startPayPalApi(options: { clientId: string; clientSecret: string; webhookId: string; genuine: Set<string> }) {
  const app = Fastify();
  const token = 'A21AA-test-token';
  const calls = { token: 0, verify: 0 };
  let down = false;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) => done(null, body));
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
    const body = req.body as Record<string, unknown>;
    const required = ['auth_algo', 'cert_url', 'transmission_id', 'transmission_sig', 'transmission_time', 'webhook_id', 'webhook_event'];
    const missing = required.filter((k) => body?.[k] === undefined);
    if (missing.length) return reply.code(400).send({ name: 'VALIDATION_ERROR', details: missing });
    const ok = body.webhook_id === options.webhookId && options.genuine.has(String(body.transmission_id));
    return { verification_status: ok ? 'SUCCESS' : 'FAILURE' };
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
  };
}
