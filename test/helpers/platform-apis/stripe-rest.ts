import { contractApp, listen } from './serve.ts';

/**
 * Stripe's /v1/events and /v1/webhook_endpoints on loopback, enforcing Bearer auth, the
 * created[gte] filter, types[] (≤ 20), limit (1–100), starting_after paging with has_more.
 */
export async function startStripeRest(options: { key: string; events: { id: string; created: number; type: string }[]; endpoints?: { id: string; url: string; status: string; enabled_events: string[] }[] }) {
  const { app, requests } = contractApp();
  const endpoints = options.endpoints ?? [];
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
  app.addHook('preHandler', async (req, reply) => {
    if (req.headers.authorization !== `Bearer ${options.key}`) return reply.code(401).send({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
  });
  app.get('/v1/events', async (req, reply) => {
    const params = new URLSearchParams(req.url.split('?')[1] ?? '');
    const limit = Number(params.get('limit') ?? 10);
    if (limit < 1 || limit > 100) return reply.code(400).send({ error: { message: 'limit must be 1-100' } });
    const types = params.getAll('types[]');
    if (types.length > 20) return reply.code(400).send({ error: { message: 'at most 20 types' } });
    const gte = Number(params.get('created[gte]') ?? 0);
    // Newest first, as Stripe lists.
    let list = options.events.filter((e) => e.created >= gte && (!types.length || types.includes(e.type))).sort((a, b) => b.created - a.created);
    const after = params.get('starting_after');
    if (after) list = list.slice(list.findIndex((e) => e.id === after) + 1);
    return { object: 'list', url: '/v1/events', has_more: list.length > limit, data: list.slice(0, limit) };
  });
  app.get('/v1/webhook_endpoints', async () => ({ object: 'list', has_more: false, data: endpoints }));
  app.post('/v1/webhook_endpoints/:id', async (req, reply) => {
    const endpoint = endpoints.find((e) => e.id === (req.params as { id: string }).id);
    if (!endpoint) return reply.code(404).send({ error: { message: 'No such webhook endpoint' } });
    const body = req.body as Record<string, string>;
    if (body.url) endpoint.url = body.url;
    if (body.disabled === 'false') endpoint.status = 'enabled';
    return endpoint;
  });
  return { baseUrl: await listen(app), requests, endpoints };
}
