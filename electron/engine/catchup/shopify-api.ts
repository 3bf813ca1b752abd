import { list, obj, str, type Json } from '../sources/fields.ts';
import { apiFetch, CatchUpError, readJson } from './api-fetch.ts';
import { wants, type FetchedRecord, type FetchSince } from './record.ts';
import { forgetShopifyToken, SHOPIFY_NOT_JSON, shopifyEndpoint, shopifyToken } from './shopify-auth.ts';

export { SHOPIFY_API_VERSION, shopifyEndpoint } from './shopify-auth.ts';

const REFUSED = "Check the app's credentials in Hooktray → Settings → Shopify (the app needs the read_orders scope, and read_customers for customers).";

/*
 * Page sizes keep each query's requested cost under Shopify's limit of 1,000 points for a single
 * query (objects cost 1, a connection 2 + `first` × its node): orders 2 + 25 × 38 = 952, paid
 * orders 2 + 20 × 45 = 902, customers 2 + 50 × 3 = 152. Larger pages are refused outright
 * (MAX_COST_EXCEEDED). Only the cost actually used is kept from the bucket.
 */
const ORDER_FIELDS = `legacyResourceId name email phone createdAt updatedAt displayFinancialStatus currencyCode
      totalPriceSet { shopMoney { amount currencyCode } }
      customer { legacyResourceId firstName lastName phone defaultEmailAddress { emailAddress } }
      billingAddress { firstName lastName company phone }
      lineItems(first: 10) { nodes { title quantity sku originalUnitPriceSet { shopMoney { amount } } } }`;

export const ORDERS_QUERY = `query Orders($cursor: String, $query: String!) {
  orders(first: 25, after: $cursor, query: $query, sortKey: CREATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { ${ORDER_FIELDS} }
  }
}`;

/** Paid orders changed since: their transactions tell when the money came in. */
export const PAID_ORDERS_QUERY = `query PaidOrders($cursor: String, $query: String!) {
  orders(first: 20, after: $cursor, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { ${ORDER_FIELDS}
      transactions(first: 5) { kind status processedAt }
    }
  }
}`;

export const CUSTOMERS_QUERY = `query Customers($cursor: String, $query: String!) {
  customers(first: 50, after: $cursor, query: $query, sortKey: CREATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { legacyResourceId firstName lastName phone createdAt defaultEmailAddress { emailAddress } defaultAddress { phone company } }
  }
}`;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/**
 * One GraphQL request. Shopify's rate limit is a bucket of points: a THROTTLED answer is waited
 * out for as long as the bucket needs to hold the query's cost again (from
 * `extensions.cost.throttleStatus`), and a refused token from the client-credentials grant is
 * fetched anew once.
 */
export async function shopifyGraphql(
  api: Readonly<Record<string, unknown>>,
  query: string,
  variables: Record<string, unknown>,
  fetchImpl: typeof fetch,
): Promise<Json> {
  const { url } = shopifyEndpoint(api);
  const options = { fetch: fetchImpl, platform: 'Shopify', whenRefused: REFUSED, whenNotJson: SHOPIFY_NOT_JSON };
  let renewed = false;
  for (let attempt = 0; attempt < 6; attempt++) {
    const token = await shopifyToken(api, fetchImpl);
    let response: Response;
    try {
      response = await apiFetch(
        url,
        { method: 'POST', headers: { 'x-shopify-access-token': token, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) },
        options,
      );
    } catch (error) {
      // A client-credentials token can be revoked before it expires: one fresh token, then give up.
      if (!renewed && error instanceof CatchUpError && error.status === 401 && forgetShopifyToken(api)) {
        renewed = true;
        continue;
      }
      throw error;
    }
    const body = obj(await readJson(response, options));
    const errors = list(body.errors).map(obj);
    const codes = errors.map((e) => str(obj(e.extensions).code));
    const cost = obj(obj(body.extensions).cost);
    if (codes.includes('THROTTLED')) {
      await sleep(waitForBucket(cost));
      continue;
    }
    if (codes.includes('MAX_COST_EXCEEDED'))
      throw new CatchUpError(
        `Shopify refused the catch-up query as too expensive (${errors.map((e) => str(e.message)).join('; ')}). Please report this to Hooktray.`,
      );
    if (codes.includes('ACCESS_DENIED')) throw new CatchUpError(`Shopify refused the query: ${errors.map((e) => str(e.message)).join('; ')}. ${REFUSED}`);
    if (errors.length) throw new CatchUpError(`Shopify refused the query: ${errors.map((e) => str(e.message)).join('; ')}`);
    // Leave the bucket room for the next page instead of running into THROTTLED.
    const status = obj(cost.throttleStatus);
    if (Number(status.currentlyAvailable) < Number(cost.requestedQueryCost)) await sleep(waitForBucket(cost));
    return obj(body.data);
  }
  throw new CatchUpError('Shopify kept throttling the catch-up; Hooktray tries again later.', { transient: true });
}

/** How long until the bucket holds the requested cost again, from Shopify's own numbers. */
function waitForBucket(cost: Json): number {
  const status = obj(cost.throttleStatus);
  const rate = Number(status.restoreRate) || 50;
  const missing = Math.max(0, (Number(cost.requestedQueryCost) || 1000) - (Number(status.currentlyAvailable) || 0));
  return Math.min(30_000, Math.max(200, Math.ceil((missing / rate) * 1000)));
}

async function* pages(
  api: Readonly<Record<string, unknown>>,
  query: string,
  filter: string,
  field: 'orders' | 'customers',
  fetchImpl: typeof fetch,
): AsyncGenerator<Json> {
  let cursor: string | null = null;
  do {
    const connection = obj((await shopifyGraphql(api, query, { cursor, query: filter }, fetchImpl))[field]);
    for (const node of list(connection.nodes).map(obj)) yield node;
    const page = obj(connection.pageInfo);
    cursor = page.hasNextPage === true ? (str(page.endCursor) ?? null) : null;
  } while (cursor);
}

/**
 * What Shopify's webhooks would have sent since `since`, in their shapes and so with their
 * identities: orders created (orders/create), orders paid (orders/paid: changed since and with a
 * successful sale or capture since) and customers created (customers/create).
 */
export const fetchShopify: FetchSince = async (api, since, fetchImpl, wanted) => {
  const { shop } = shopifyEndpoint(api);
  const at = since.toISOString();
  const headers = (topic: string) => ({ 'x-shopify-topic': topic, 'x-shopify-shop-domain': shop });
  const records: FetchedRecord[] = [];
  if (wants(wanted, 'order.created')) {
    for await (const node of pages(api, ORDERS_QUERY, `created_at:>='${at}'`, 'orders', fetchImpl)) {
      records.push({ source: 'shopify', platformEvent: 'orders/create', headers: headers('orders/create'), payload: toRestOrder(node) });
    }
  }
  if (wants(wanted, 'order.paid')) {
    for await (const node of pages(api, PAID_ORDERS_QUERY, `updated_at:>='${at}' AND financial_status:paid`, 'orders', fetchImpl)) {
      // An order paid long ago and only edited now (fulfilled, tagged) is not a new payment.
      if (!paidSince(node, since)) continue;
      records.push({ source: 'shopify', platformEvent: 'orders/paid', headers: headers('orders/paid'), payload: toRestOrder(node) });
    }
  }
  if (wants(wanted, 'customer.created')) {
    for await (const node of pages(api, CUSTOMERS_QUERY, `created_at:>='${at}'`, 'customers', fetchImpl)) {
      records.push({ source: 'shopify', platformEvent: 'customers/create', headers: headers('customers/create'), payload: toRestCustomer(node) });
    }
  }
  return records;
};

function paidSince(order: Json, since: Date): boolean {
  return list(order.transactions)
    .map(obj)
    .some((t) => (t.kind === 'SALE' || t.kind === 'CAPTURE') && t.status === 'SUCCESS' && Date.parse(String(t.processedAt)) >= since.getTime());
}

function toRestOrder(node: Json): Json {
  const customer = obj(node.customer);
  const billing = obj(node.billingAddress);
  const money = obj(obj(node.totalPriceSet).shopMoney);
  return {
    id: Number(node.legacyResourceId),
    name: node.name,
    email: node.email ?? obj(customer.defaultEmailAddress).emailAddress,
    phone: node.phone,
    created_at: node.createdAt,
    updated_at: node.updatedAt,
    currency: money.currencyCode ?? node.currencyCode,
    total_price: money.amount,
    financial_status: str(node.displayFinancialStatus)?.toLowerCase(),
    customer: {
      id: Number(customer.legacyResourceId) || undefined,
      first_name: customer.firstName,
      last_name: customer.lastName,
      email: obj(customer.defaultEmailAddress).emailAddress,
      phone: customer.phone,
    },
    billing_address: { first_name: billing.firstName, last_name: billing.lastName, company: billing.company, phone: billing.phone },
    line_items: list(obj(node.lineItems).nodes)
      .map(obj)
      .map((item) => ({ title: item.title, quantity: item.quantity, sku: item.sku, price: obj(obj(item.originalUnitPriceSet).shopMoney).amount })),
  };
}

function toRestCustomer(node: Json): Json {
  const address = obj(node.defaultAddress);
  return {
    id: Number(node.legacyResourceId),
    email: obj(node.defaultEmailAddress).emailAddress,
    first_name: node.firstName,
    last_name: node.lastName,
    phone: node.phone,
    created_at: node.createdAt,
    default_address: { phone: address.phone, company: address.company },
  };
}
