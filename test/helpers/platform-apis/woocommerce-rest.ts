import { createHash } from 'node:crypto';
import { contractApp, listen, rateLimitOnce } from './serve.ts';

type Json = Record<string, unknown>;

const TOPIC = /^(order|customer|product|coupon)\.(created|updated|deleted|restored)$|^action\.[\w-]+$/;
const STATUSES = ['active', 'paused', 'disabled'];
const invalid = (param: string, message: string) => ({
  code: 'rest_invalid_param',
  message: `Invalid parameter(s): ${param}`,
  data: { status: 400, params: { [param]: message } },
});

/**
 * WooCommerce REST v3 on loopback, enforcing: Basic auth with the consumer key and secret;
 * `after` / `modified_after` filters; `per_page` 1–100 and 1-based pages with X-WP-Total(Pages);
 * `/customers` with its own order (registered_date, no date filter); the webhooks routes with
 * their documented body (topic and delivery_url required on create, status one of
 * active/paused/disabled, secret a string: without one WooCommerce makes its own, as the docs
 * say); 400 rest_invalid_param on a bad field, 404 for an unknown webhook, 429 + Retry-After
 * once when asked (`rateLimitFirst` on orders, `rateLimitWebhooks` on the webhook routes).
 */
export async function startWooRest(options: {
  key: string;
  secret: string;
  orders: Json[];
  customers?: Json[];
  webhooks?: Json[];
  rateLimitFirst?: boolean;
  rateLimitWebhooks?: boolean;
}) {
  const { app, requests } = contractApp();
  const webhooks = options.webhooks ?? [];
  const customers = options.customers ?? [];
  const limit = options.rateLimitFirst ? rateLimitOnce(1) : () => false;
  const limitHooks = options.rateLimitWebhooks ? rateLimitOnce(1) : () => false;
  const auth = `Basic ${Buffer.from(`${options.key}:${options.secret}`).toString('base64')}`;
  const bodies: Json[] = [];
  app.addHook('preHandler', async (req, reply) => {
    if (req.headers.authorization !== auth)
      return reply.code(401).send({ code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.', data: { status: 401 } });
  });

  const gmt = (v: unknown) => Date.parse(`${String(v)}Z`);
  const paged = (
    q: Record<string, string>,
    items: Json[],
    reply: { header(k: string, v: string): unknown; code(n: number): { send(b: unknown): unknown } },
  ) => {
    const perPage = Number(q.per_page ?? 10);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)
      return reply.code(400).send(invalid('per_page', 'per_page must be between 1 (inclusive) and 100 (inclusive)'));
    const page = Number(q.page ?? 1);
    const pages = Math.max(1, Math.ceil(items.length / perPage));
    reply.header('x-wp-total', String(items.length));
    reply.header('x-wp-totalpages', String(pages));
    return items.slice((page - 1) * perPage, page * perPage);
  };

  app.get('/wp-json/wc/v3/orders', async (req, reply) => {
    if (limit(reply)) return reply;
    const q = req.query as Record<string, string>;
    for (const param of ['after', 'modified_after'] as const)
      if (q[param] && Number.isNaN(Date.parse(q[param]))) return reply.code(400).send(invalid(param, 'Invalid date.'));
    const after = q.after ? Date.parse(q.after) : -Infinity;
    const modifiedAfter = q.modified_after ? Date.parse(q.modified_after) : -Infinity;
    const matching = options.orders.filter((o) => gmt(o.date_created_gmt) > after && gmt(o.date_modified_gmt) > modifiedAfter);
    return paged(q, matching, reply);
  });

  app.get('/wp-json/wc/v3/customers', async (req, reply) => {
    const q = req.query as Record<string, string>;
    if (q.orderby && !['id', 'include', 'name', 'registered_date'].includes(q.orderby))
      return reply.code(400).send(invalid('orderby', 'orderby is not one of id, include, name, and registered_date.'));
    const sorted = [...customers].sort((a, b) =>
      q.orderby === 'registered_date' ? gmt(a.date_created_gmt) - gmt(b.date_created_gmt) : Number(a.id) - Number(b.id),
    );
    if ((q.order ?? 'asc') === 'desc') sorted.reverse();
    return paged(q, sorted, reply);
  });

  app.get('/wp-json/wc/v3/webhooks', async (req, reply) => {
    if (limitHooks(reply)) return reply;
    const q = req.query as Record<string, string>;
    if (q.status && !['all', ...STATUSES].includes(q.status))
      return reply.code(400).send(invalid('status', 'status is not one of all, active, paused, and disabled.'));
    return paged(
      q,
      webhooks.filter((w) => !q.status || q.status === 'all' || w.status === q.status),
      reply,
    );
  });

  const check = (body: unknown, creating: boolean): { error: Json } | { ok: Json } => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return { error: invalid('body', 'a JSON object is required') };
    const b = body as Json;
    if (creating && (b.topic === undefined || b.delivery_url === undefined))
      return { error: { code: 'rest_missing_callback_param', message: 'Missing parameter(s): topic, delivery_url', data: { status: 400 } } };
    if (b.topic !== undefined && (typeof b.topic !== 'string' || !TOPIC.test(b.topic)))
      return { error: { code: 'woocommerce_rest_webhook_invalid_topic', message: 'Webhook topic is required and must be valid.', data: { status: 400 } } };
    if (b.delivery_url !== undefined && (typeof b.delivery_url !== 'string' || !/^https?:\/\/\S+$/.test(b.delivery_url)))
      return { error: invalid('delivery_url', 'Invalid URL.') };
    if (b.status !== undefined && !STATUSES.includes(String(b.status)))
      return { error: invalid('status', 'status is not one of active, paused, and disabled.') };
    for (const key of ['name', 'secret'] as const)
      if (b[key] !== undefined && typeof b[key] !== 'string') return { error: invalid(key, `${key} is not of type string.`) };
    return { ok: b };
  };

  app.put('/wp-json/wc/v3/webhooks/:id', async (req, reply) => {
    if (limitHooks(reply)) return reply;
    if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return reply.code(400).send(invalid('body', 'JSON body expected'));
    const hook = webhooks.find((w) => String(w.id) === (req.params as { id: string }).id);
    if (!hook) return reply.code(404).send({ code: 'woocommerce_rest_webhook_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
    const checked = check(req.body, false);
    if ('error' in checked) return reply.code(400).send(checked.error);
    bodies.push(checked.ok);
    Object.assign(hook, checked.ok);
    return hook;
  });

  app.post('/wp-json/wc/v3/webhooks', async (req, reply) => {
    if (limitHooks(reply)) return reply;
    if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return reply.code(400).send(invalid('body', 'JSON body expected'));
    const checked = check(req.body, true);
    if ('error' in checked) return reply.code(400).send(checked.error);
    bodies.push(checked.ok);
    // Without a secret WooCommerce signs with one of its own (a hash of the key's user).
    const secret = typeof checked.ok.secret === 'string' && checked.ok.secret ? checked.ok.secret : createHash('md5').update(`1|${options.key}`).digest('hex');
    const hook = { id: webhooks.length + 100, status: 'active', name: `Webhook created on ${new Date().toUTCString()}`, ...checked.ok, secret };
    webhooks.push(hook);
    return reply.code(201).send(hook);
  });
  return { baseUrl: await listen(app), requests, webhooks, bodies };
}
