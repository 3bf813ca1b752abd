import { contractApp, listen } from './serve.ts';
import { requestedQueryCost, SINGLE_QUERY_MAX_COST } from './graphql-cost.ts';

export interface ShopifyOrderRecord {
  id: number;
  name: string;
  email: string;
  createdAt: string;
  total: string;
  /** Last change; defaults to createdAt. */
  updatedAt?: string;
  /** When a sale was captured; absent = not paid (financial_status pending). */
  paidAt?: string;
}

export interface ShopifyCustomerRecord {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  createdAt: string;
}

type Json = Record<string, unknown>;

/**
 * Shopify's Admin GraphQL endpoint on loopback, enforcing what the real one does:
 * - auth: `X-Shopify-Access-Token` with a static token, or one issued by the client-credentials
 *   grant (`POST /admin/oauth/access_token`, form-encoded) that expires after `expiresIn` seconds;
 * - the pinned version path; `first` (≤ 250) and `after` paging with pageInfo; the
 *   `created_at` / `updated_at` filters (quoted ISO dates) and `financial_status:paid`;
 * - the cost model: requested cost computed from the query (graphql-cost.ts), refused above
 *   1,000 with MAX_COST_EXCEEDED, reserved from a leaky bucket (THROTTLED when it cannot), the
 *   unused part refunded, `extensions.cost.throttleStatus` on every answer;
 * - orders, customers and the webhookSubscription list/create/update.
 * `faults.serverErrors` answers the next n requests 503; `revokeTokens()` revokes every token the
 * grant has issued so far, so the next query with one is answered 401.
 */
export async function startShopifyAdmin(options: {
  token?: string;
  client?: { id: string; secret: string; expiresIn?: number };
  orders?: ShopifyOrderRecord[];
  customers?: ShopifyCustomerRecord[];
  bucket?: { maximumAvailable?: number; restoreRate?: number; currentlyAvailable?: number };
  /** Start with an almost empty bucket, so the first query is THROTTLED. */
  throttleOnce?: boolean;
}) {
  const { app, requests } = contractApp();
  const orders = options.orders ?? [];
  const customers = options.customers ?? [];
  const subscriptions: { id: string; topic: string; uri: string }[] = [];
  const issued = new Map<string, number>();
  /** Tokens revoked before they expired (the app was reinstalled, its secret rotated). */
  const revoked = new Set<string>();
  const costs: number[] = [];
  const faults = { serverErrors: 0 };
  const maximumAvailable = options.bucket?.maximumAvailable ?? 1000;
  const restoreRate = options.bucket?.restoreRate ?? 100;
  // The bucket starts filling at the first query, not when the server started: how long a busy
  // machine takes to get from here to that query must not decide whether it is THROTTLED.
  const bucket: { available: number; at?: number } = { available: options.throttleOnce ? 10 : (options.bucket?.currentlyAvailable ?? maximumAvailable) };
  const throttleStatus = () => ({ maximumAvailable, currentlyAvailable: Math.floor(bucket.available), restoreRate });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.addHook('preHandler', async (_req, reply) => {
    if (faults.serverErrors > 0) {
      faults.serverErrors--;
      return reply.code(503).send('Service Unavailable');
    }
  });

  app.post('/admin/oauth/access_token', async (req, reply) => {
    if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? ''))
      return reply.code(400).send({ error: 'invalid_request', error_description: 'form-encoded body required' });
    const body = req.body as Record<string, string>;
    if (body.grant_type !== 'client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type' });
    if (!options.client || body.client_id !== options.client.id || body.client_secret !== options.client.secret)
      return reply.code(401).send({ error: 'invalid_client', error_description: 'Client authentication failed' });
    const token = `shpat_cc_${issued.size + 1}`;
    const expiresIn = options.client.expiresIn ?? 86_399;
    issued.set(token, Date.now() + expiresIn * 1000);
    return { access_token: token, scope: 'read_orders,read_customers', expires_in: expiresIn };
  });

  app.post('/admin/api/2026-10/graphql.json', async (req, reply) => {
    const token = String(req.headers['x-shopify-access-token'] ?? '');
    const valid = (options.token !== undefined && token === options.token) || ((issued.get(token) ?? 0) > Date.now() && !revoked.has(token));
    if (!valid) return reply.code(401).send({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    const { query, variables = {} } = req.body as { query?: string; variables?: Json };
    if (typeof query !== 'string') return reply.code(400).send({ errors: [{ message: 'Parameter Missing or Invalid' }] });
    let requested: number;
    try {
      requested = requestedQueryCost(query, variables);
    } catch (error) {
      return { errors: [{ message: (error as Error).message, extensions: { code: 'argumentLiteralsIncompatible' } }] };
    }
    costs.push(requested);
    if (requested > SINGLE_QUERY_MAX_COST) {
      return {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).`,
            extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: SINGLE_QUERY_MAX_COST },
          },
        ],
      };
    }
    const at = Date.now();
    bucket.available = Math.min(maximumAvailable, bucket.available + ((at - (bucket.at ?? at)) / 1000) * restoreRate);
    bucket.at = at;
    if (requested > bucket.available) {
      return {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: throttleStatus() } },
      };
    }
    const answer = answerQuery(query, variables);
    if ('errors' in answer) return answer;
    // Reserved up front, the unused part given back: what stays used is what the answer held.
    const actual = Math.min(requested, answer.actual);
    bucket.available -= actual;
    return { data: answer.data, extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttleStatus() } } };
  });

  function answerQuery(query: string, variables: Json): { data: Json; actual: number } | { errors: Json[] } {
    const first = Number(/\b(?:orders|customers)\(\s*first:\s*(\d+)/.exec(query)?.[1] ?? 0);
    if (query.includes('orders(') || query.includes('customers(')) {
      if (!first) return { errors: [{ message: 'you must provide one of first or last' }] };
      if (first > 250) return { errors: [{ message: 'The maximum number of objects returnable is 250' }] };
      const filter = parseFilter(String(variables.query ?? ''));
      if ('error' in filter) return { errors: [{ message: filter.error }] };
      const byUpdated = /sortKey:\s*UPDATED_AT/.test(query);
      const start = variables.cursor ? Number(String(variables.cursor).replace('cursor-', '')) : 0;
      if (query.includes('orders(')) {
        const matching = orders
          .filter((o) => filter.matches({ created_at: o.createdAt, updated_at: o.updatedAt ?? o.createdAt, paid: o.paidAt !== undefined }))
          .sort(
            (a, b) => Date.parse(byUpdated ? (a.updatedAt ?? a.createdAt) : a.createdAt) - Date.parse(byUpdated ? (b.updatedAt ?? b.createdAt) : b.createdAt),
          );
        const page = matching.slice(start, start + first);
        const withTransactions = query.includes('transactions(');
        return {
          data: {
            orders: {
              pageInfo: { hasNextPage: start + first < matching.length, endCursor: `cursor-${start + first}` },
              nodes: page.map((o) => orderNode(o, withTransactions)),
            },
          },
          actual: 2 + page.length * 10,
        };
      }
      const matching = customers
        .filter((c) => filter.matches({ created_at: c.createdAt, updated_at: c.createdAt, paid: false }))
        .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      const page = matching.slice(start, start + first);
      return {
        data: {
          customers: {
            pageInfo: { hasNextPage: start + first < matching.length, endCursor: `cursor-${start + first}` },
            nodes: page.map((c) => ({
              legacyResourceId: String(c.id),
              firstName: c.firstName,
              lastName: c.lastName,
              phone: null,
              createdAt: c.createdAt,
              defaultEmailAddress: { emailAddress: c.email },
              defaultAddress: null,
            })),
          },
        },
        actual: 2 + page.length * 3,
      };
    }
    if (query.includes('webhookSubscriptions(')) {
      const topics = (variables.topics as string[] | undefined) ?? [];
      return {
        data: { webhookSubscriptions: { nodes: subscriptions.filter((s) => !topics.length || topics.includes(s.topic)) } },
        actual: 2 + subscriptions.length,
      };
    }
    if (query.includes('webhookSubscriptionCreate')) {
      const input = variables.webhookSubscription as { uri?: string };
      if (!input?.uri?.startsWith('https://'))
        return {
          data: {
            webhookSubscriptionCreate: { webhookSubscription: null, userErrors: [{ field: ['webhookSubscription', 'uri'], message: 'Address must be HTTPS' }] },
          },
          actual: 10,
        };
      const created = { id: `gid://shopify/WebhookSubscription/${subscriptions.length + 1}`, topic: String(variables.topic), uri: input.uri };
      subscriptions.push(created);
      return { data: { webhookSubscriptionCreate: { webhookSubscription: created, userErrors: [] } }, actual: 10 };
    }
    if (query.includes('webhookSubscriptionUpdate')) {
      const found = subscriptions.find((s) => s.id === variables.id);
      if (!found)
        return {
          data: { webhookSubscriptionUpdate: { webhookSubscription: null, userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }] } },
          actual: 10,
        };
      found.uri = (variables.webhookSubscription as { uri: string }).uri;
      return { data: { webhookSubscriptionUpdate: { webhookSubscription: found, userErrors: [] } }, actual: 10 };
    }
    return { errors: [{ message: 'unsupported query' }] };
  }

  return {
    baseUrl: await listen(app),
    requests,
    subscriptions,
    orders,
    customers,
    costs,
    faults,
    tokensIssued: () => issued.size,
    revokeTokens: () => issued.forEach((_, t) => revoked.add(t)),
  };
}

function orderNode(o: ShopifyOrderRecord, withTransactions: boolean): Json {
  return {
    legacyResourceId: String(o.id),
    name: o.name,
    email: o.email,
    phone: null,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt ?? o.createdAt,
    displayFinancialStatus: o.paidAt ? 'PAID' : 'PENDING',
    currencyCode: 'EUR',
    totalPriceSet: { shopMoney: { amount: o.total, currencyCode: 'EUR' } },
    customer: { legacyResourceId: '77', firstName: 'Jane', lastName: 'Doe', phone: null, defaultEmailAddress: { emailAddress: o.email } },
    billingAddress: { firstName: 'Jane', lastName: 'Doe', company: null, phone: null },
    lineItems: { nodes: [{ title: 'Blue mug', quantity: 1, sku: 'MUG-BLUE', originalUnitPriceSet: { shopMoney: { amount: o.total } } }] },
    ...(withTransactions ? { transactions: o.paidAt ? [{ kind: 'SALE', status: 'SUCCESS', processedAt: o.paidAt }] : [] } : {}),
  };
}

/** Shopify search syntax as catch-up uses it: `field:>='ISO date'` terms and `financial_status:paid`, joined by AND. */
function parseFilter(text: string): { matches: (o: { created_at: string; updated_at: string; paid: boolean }) => boolean } | { error: string } {
  const terms = text.split(/\s+AND\s+/).filter(Boolean);
  if (!terms.length) return { error: 'expected a created_at or updated_at filter' };
  const checks: ((o: { created_at: string; updated_at: string; paid: boolean }) => boolean)[] = [];
  for (const term of terms) {
    if (term === 'financial_status:paid') {
      checks.push((o) => o.paid);
      continue;
    }
    const date = /^(created_at|updated_at):>=(.*)$/.exec(term);
    if (!date) return { error: `unsupported filter term ${term}` };
    const quoted = /^'([^']+)'$/.exec(date[2]!);
    if (!quoted || Number.isNaN(Date.parse(quoted[1]!))) return { error: `Date values must be a string surrounded by quotes: ${term}` };
    const since = Date.parse(quoted[1]!);
    const field = date[1] as 'created_at' | 'updated_at';
    checks.push((o) => Date.parse(o[field]) >= since);
  }
  return { matches: (o) => checks.every((c) => c(o)) };
}
