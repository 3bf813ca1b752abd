import { contractApp, listen } from './serve.ts';

export interface ShopifyOrderRecord {
  id: number;
  name: string;
  email: string;
  createdAt: string;
  total: string;
}

/**
 * Shopify's Admin GraphQL endpoint for orders and webhook subscriptions, enforcing: the
 * X-Shopify-Access-Token header, the pinned version path, `first`/`after` paging with pageInfo,
 * the `created_at:>='…'` filter, THROTTLED answers, and the webhookSubscription mutations.
 */
export async function startShopifyAdmin(options: { token: string; orders: ShopifyOrderRecord[]; pageSize?: number; throttleOnce?: boolean }) {
  const { app, requests } = contractApp();
  const subscriptions: { id: string; topic: string; uri: string }[] = [];
  let throttled = !options.throttleOnce;
  app.post('/admin/api/2026-10/graphql.json', async (req, reply) => {
    if (req.headers['x-shopify-access-token'] !== options.token) return reply.code(401).send({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    const { query, variables } = req.body as { query: string; variables: Record<string, unknown> };
    if (!throttled) {
      throttled = true;
      return { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], extensions: { cost: { requestedQueryCost: 102, actualQueryCost: null, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 10, restoreRate: 500 } } } };
    }
    if (query.includes('orders(')) {
      const filter = /created_at:>='([^']+)'/.exec(String(variables.query ?? ''));
      if (!filter) return reply.code(400).send({ errors: [{ message: 'expected a created_at filter' }] });
      const since = Date.parse(filter[1]!);
      const matching = options.orders.filter((o) => Date.parse(o.createdAt) >= since).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      const start = variables.cursor ? Number(String(variables.cursor).replace('cursor-', '')) : 0;
      const size = Math.min(options.pageSize ?? 250, 250);
      const page = matching.slice(start, start + size);
      return {
        data: {
          orders: {
            pageInfo: { hasNextPage: start + size < matching.length, endCursor: `cursor-${start + size}` },
            nodes: page.map((o) => ({
              legacyResourceId: String(o.id),
              name: o.name,
              email: o.email,
              phone: null,
              createdAt: o.createdAt,
              displayFinancialStatus: 'PAID',
              currencyCode: 'EUR',
              totalPriceSet: { shopMoney: { amount: o.total, currencyCode: 'EUR' } },
              customer: { legacyResourceId: '77', firstName: 'Jane', lastName: 'Doe', phone: null, defaultEmailAddress: { emailAddress: o.email } },
              billingAddress: { firstName: 'Jane', lastName: 'Doe', company: null, phone: null },
              lineItems: { nodes: [{ title: 'Blue mug', quantity: 1, sku: 'MUG-BLUE', originalUnitPriceSet: { shopMoney: { amount: o.total } } }] },
            })),
          },
        },
      };
    }
    if (query.includes('webhookSubscriptions(')) {
      const topics = (variables.topics as string[] | undefined) ?? [];
      return { data: { webhookSubscriptions: { nodes: subscriptions.filter((s) => !topics.length || topics.includes(s.topic)) } } };
    }
    if (query.includes('webhookSubscriptionCreate')) {
      const input = variables.webhookSubscription as { uri?: string };
      if (!input?.uri?.startsWith('https://')) return { data: { webhookSubscriptionCreate: { webhookSubscription: null, userErrors: [{ field: ['webhookSubscription', 'uri'], message: 'Address must be HTTPS' }] } } };
      const created = { id: `gid://shopify/WebhookSubscription/${subscriptions.length + 1}`, topic: String(variables.topic), uri: input.uri };
      subscriptions.push(created);
      return { data: { webhookSubscriptionCreate: { webhookSubscription: created, userErrors: [] } } };
    }
    if (query.includes('webhookSubscriptionUpdate')) {
      const found = subscriptions.find((s) => s.id === variables.id);
      if (!found) return { data: { webhookSubscriptionUpdate: { webhookSubscription: null, userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }] } } };
      found.uri = (variables.webhookSubscription as { uri: string }).uri;
      return { data: { webhookSubscriptionUpdate: { webhookSubscription: found, userErrors: [] } } };
    }
    return reply.code(400).send({ errors: [{ message: 'unsupported query' }] });
  });
  return { baseUrl: await listen(app), requests, subscriptions };
}
