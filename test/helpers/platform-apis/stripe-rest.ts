import { contractApp, listen } from './serve.ts';

type Endpoint = { id: string; url: string; status: string; enabled_events: string[]; description?: string };

const bad = (message: string, param?: string) => ({ error: { type: 'invalid_request_error', message, ...(param ? { param } : {}) } });
const ENDPOINT_PARAMS = /^(url|disabled|description|enabled_events\[\d*\]|metadata\[[^\]]+\])$/;

/**
 * Stripe's /v1/events and /v1/webhook_endpoints on loopback, enforcing: Bearer auth; on events
 * the created[gte] filter (an integer), types[] (≤ 20, never with type), limit (1–100),
 * starting_after paging with has_more; on endpoint updates a form-encoded body (as every Stripe
 * POST) with only its documented parameters (url an https address, disabled "true"/"false",
 * enabled_events[], description, metadata[…]), 400 invalid_request_error otherwise and 404 for
 * an unknown endpoint. `rateLimit` answers the next n requests 429 (Stripe sends no
 * Retry-After; clients back off themselves); `serverErrors` the next n 500.
 */
export async function startStripeRest(options: { key: string; events: { id: string; created: number; type: string }[]; endpoints?: Endpoint[] }) {
  const { app, requests } = contractApp();
  const endpoints = options.endpoints ?? [];
  const faults = { rateLimit: 0, serverErrors: 0 };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) => done(null, new URLSearchParams(body as string)));
  app.addContentTypeParser('*', { parseAs: 'string' }, (_r, body, done) => done(null, { notForm: String(body) }));
  app.addHook('preHandler', async (req, reply) => {
    if (req.headers.authorization !== `Bearer ${options.key}`)
      return reply.code(401).send({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    if (faults.rateLimit > 0) {
      faults.rateLimit--;
      return reply.code(429).send({ error: { type: 'rate_limit_error', message: 'Too many requests hit the API too quickly.' } });
    }
    if (faults.serverErrors > 0) {
      faults.serverErrors--;
      return reply.code(500).send({ error: { type: 'api_error', message: 'An unknown error occurred' } });
    }
  });
  app.get('/v1/events', async (req, reply) => {
    const params = new URLSearchParams(req.url.split('?')[1] ?? '');
    const limit = Number(params.get('limit') ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return reply.code(400).send(bad('This value must be between 1 and 100.', 'limit'));
    const types = params.getAll('types[]');
    if (types.length > 20) return reply.code(400).send(bad('You may pass at most 20 types.', 'types'));
    if (types.length && params.has('type')) return reply.code(400).send(bad('You may only specify one of these parameters: type, types.', 'types'));
    const gte = params.get('created[gte]') ?? '0';
    if (!/^\d+$/.test(gte)) return reply.code(400).send(bad('Invalid integer: ' + gte, 'created[gte]'));
    // Newest first, as Stripe lists.
    let list = options.events
      .filter((e) => e.created >= Number(gte) && (!types.length || types.includes(e.type)))
      .sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
    const after = params.get('starting_after');
    if (after) {
      const at = list.findIndex((e) => e.id === after);
      if (at < 0) return reply.code(404).send(bad(`No such event: '${after}'`, 'starting_after'));
      list = list.slice(at + 1);
    }
    return { object: 'list', url: '/v1/events', has_more: list.length > limit, data: list.slice(0, limit) };
  });
  app.get('/v1/webhook_endpoints', async () => ({ object: 'list', url: '/v1/webhook_endpoints', has_more: false, data: endpoints }));
  app.post('/v1/webhook_endpoints/:id', async (req, reply) => {
    if (!(req.body instanceof URLSearchParams))
      return reply.code(400).send(bad('Invalid request (check that your POST content type is application/x-www-form-urlencoded).'));
    const endpoint = endpoints.find((e) => e.id === (req.params as { id: string }).id);
    if (!endpoint) return reply.code(404).send(bad(`No such webhook endpoint: '${(req.params as { id: string }).id}'`, 'id'));
    const body = req.body;
    for (const key of body.keys()) if (!ENDPOINT_PARAMS.test(key)) return reply.code(400).send(bad(`Received unknown parameter: ${key}`, key));
    const url = body.get('url');
    if (url !== null && !/^https:\/\/\S+$/.test(url)) return reply.code(400).send(bad('Invalid URL: must be a valid https URL', 'url'));
    const disabled = body.get('disabled');
    if (disabled !== null && disabled !== 'true' && disabled !== 'false') return reply.code(400).send(bad('Invalid boolean: ' + disabled, 'disabled'));
    if (url) endpoint.url = url;
    if (disabled !== null) endpoint.status = disabled === 'true' ? 'disabled' : 'enabled';
    const events = [...body.entries()].filter(([k]) => k.startsWith('enabled_events[')).map(([, v]) => v);
    if (events.length) endpoint.enabled_events = events;
    if (body.get('description') !== null) endpoint.description = body.get('description')!;
    return { object: 'webhook_endpoint', ...endpoint };
  });
  return { baseUrl: await listen(app), requests, endpoints, faults };
}
