import { contractApp, listen, rateLimitOnce } from './serve.ts';

/**
 * WooCommerce REST v3 on loopback, enforcing Basic auth with the consumer key and secret,
 * `after`/`modified_after` filters, `per_page` ≤ 100 and 1-based pages with X-WP-Total(Pages),
 * and the webhooks routes (list, update status and delivery_url, create).
 */
export async function startWooRest(options: { key: string; secret: string; orders: Record<string, unknown>[]; webhooks?: Record<string, unknown>[]; rateLimitFirst?: boolean }) {
  const { app, requests } = contractApp();
  const webhooks = options.webhooks ?? [];
  const limit = options.rateLimitFirst ? rateLimitOnce(1) : () => false;
  const auth = `Basic ${Buffer.from(`${options.key}:${options.secret}`).toString('base64')}`;
  app.addHook('preHandler', async (req, reply) => {
    if (req.headers.authorization !== auth) return reply.code(401).send({ code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.', data: { status: 401 } });
  });
  app.get('/wp-json/wc/v3/orders', async (req, reply) => {
    if (limit(reply)) return reply;
    const q = req.query as Record<string, string>;
    const perPage = Number(q.per_page ?? 10);
    if (perPage > 100) return reply.code(400).send({ code: 'rest_invalid_param', message: 'per_page must be between 1 (inclusive) and 100 (inclusive)' });
    const after = q.after ? Date.parse(q.after) : -Infinity;
    const modifiedAfter = q.modified_after ? Date.parse(q.modified_after) : -Infinity;
    const gmt = (v: unknown) => Date.parse(`${String(v)}Z`);
    const matching = options.orders.filter((o) => gmt(o.date_created_gmt) > after && gmt(o.date_modified_gmt) > modifiedAfter);
    const page = Number(q.page ?? 1);
    const pages = Math.max(1, Math.ceil(matching.length / perPage));
    reply.header('x-wp-total', String(matching.length)).header('x-wp-totalpages', String(pages));
    return matching.slice((page - 1) * perPage, page * perPage);
  });
  app.get('/wp-json/wc/v3/webhooks', async () => webhooks);
  app.put('/wp-json/wc/v3/webhooks/:id', async (req, reply) => {
    const hook = webhooks.find((w) => String(w.id) === (req.params as { id: string }).id);
    if (!hook) return reply.code(404).send({ code: 'woocommerce_rest_webhook_invalid_id', message: 'Invalid ID.' });
    Object.assign(hook, req.body as object);
    return hook;
  });
  app.post('/wp-json/wc/v3/webhooks', async (req) => {
    const hook = { id: webhooks.length + 100, status: 'active', ...(req.body as object) };
    webhooks.push(hook);
    return hook;
  });
  return { baseUrl: await listen(app), requests, webhooks };
}
