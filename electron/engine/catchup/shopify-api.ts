import { list, obj, str, type Json } from '../sources/fields.ts';
import { apiFetch, CatchUpError } from './api-fetch.ts';
import type { FetchedRecord, FetchSince } from './record.ts';

export const SHOPIFY_API_VERSION = '2026-10';
const REFUSED = 'Check the Admin API access token (a custom app with read_orders) in Hooktray → Settings → Shopify.';

const ORDERS_QUERY = `query Orders($cursor: String, $query: String!) {
  orders(first: 100, after: $cursor, query: $query, sortKey: CREATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      legacyResourceId name email phone createdAt displayFinancialStatus currencyCode
      totalPriceSet { shopMoney { amount currencyCode } }
      customer { legacyResourceId firstName lastName phone defaultEmailAddress { emailAddress } }
      billingAddress { firstName lastName company phone }
      lineItems(first: 50) { nodes { title quantity sku originalUnitPriceSet { shopMoney { amount } } } }
    }
  }
}`;

export function shopifyEndpoint(api: Readonly<Record<string, unknown>>): { url: string; token: string; shop: string } {
  const shop = str(api.shop)?.replace(/^https?:\/\//, '').replace(/\/$/, '');
  const token = str(api.accessToken);
  if (!shop || !token) throw new CatchUpError('Shopify catch-up needs the shop domain (your-shop.myshopify.com) and an Admin API access token in Hooktray → Settings → Shopify.');
  const base = (str(api.apiBaseUrl) ?? `https://${shop}`).replace(/\/$/, '');
  return { url: `${base}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`, token, shop };
}

/** Runs one GraphQL request, waiting out THROTTLED answers (Shopify's cost-based rate limit). */
export async function shopifyGraphql(api: Readonly<Record<string, unknown>>, query: string, variables: Record<string, unknown>, fetchImpl: typeof fetch): Promise<Json> {
  const { url, token } = shopifyEndpoint(api);
  for (let attempt = 0; attempt < 5; attempt++) {
    const response = await apiFetch(url, { method: 'POST', headers: { 'x-shopify-access-token': token, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }, { fetch: fetchImpl, platform: 'Shopify', whenRefused: REFUSED });
    const body = obj(await response.json());
    const errors = list(body.errors).map(obj);
    if (errors.some((e) => obj(e.extensions).code === 'THROTTLED')) {
      const status = obj(obj(obj(body.extensions).cost).throttleStatus);
      const rate = Number(status.restoreRate) || 50;
      await new Promise((r) => setTimeout(r, Math.min(10_000, (1000 * 100) / rate)).unref());
      continue;
    }
    if (errors.length) throw new CatchUpError(`Shopify refused the query: ${errors.map((e) => str(e.message)).join('; ')}`);
    return obj(body.data);
  }
  throw new CatchUpError('Shopify kept throttling the catch-up; it will try again on the next start.');
}

/** Orders created since `since`, in the shape of an orders/create webhook, so they get the same identity. */
export const fetchShopifyOrders: FetchSince = async (api, since, fetchImpl) => {
  const { shop } = shopifyEndpoint(api);
  const records: FetchedRecord[] = [];
  let cursor: string | null = null;
  do {
    const data = await shopifyGraphql(api, ORDERS_QUERY, { cursor, query: `created_at:>='${since.toISOString()}'` }, fetchImpl);
    const orders = obj(data.orders);
    for (const node of list(orders.nodes).map(obj)) records.push({ source: 'shopify', platformEvent: 'orders/create', headers: { 'x-shopify-topic': 'orders/create', 'x-shopify-shop-domain': shop }, payload: toRestOrder(node) });
    const page = obj(orders.pageInfo);
    cursor = page.hasNextPage === true ? (str(page.endCursor) ?? null) : null;
  } while (cursor);
  return records;
};

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
    currency: money.currencyCode ?? node.currencyCode,
    total_price: money.amount,
    financial_status: str(node.displayFinancialStatus)?.toLowerCase(),
    customer: { id: Number(customer.legacyResourceId) || undefined, first_name: customer.firstName, last_name: customer.lastName, email: obj(customer.defaultEmailAddress).emailAddress, phone: customer.phone },
    billing_address: { first_name: billing.firstName, last_name: billing.lastName, company: billing.company, phone: billing.phone },
    line_items: list(obj(node.lineItems).nodes).map(obj).map((item) => ({ title: item.title, quantity: item.quantity, sku: item.sku, price: obj(obj(item.originalUnitPriceSet).shopMoney).amount })),
  };
}
