import type { EventType, HooktrayEvent } from '../../../shared/events.ts';
import { isoTime, joinName, obj, orderInfo, orderSummary, person, str, type Json } from './fields.ts';
import { hmacSha256, secretOf, signatureMatches } from './signatures.ts';
import { ok, reject, type SourceDefinition, type SourceRequest } from './source.ts';

const TOPIC_TYPES: Record<string, EventType> = {
  'orders/create': 'order.created',
  'orders/paid': 'order.paid',
  'customers/create': 'customer.created',
};

const WHERE_SECRET =
  'In Shopify admin open Settings → Notifications → Webhooks; the key is shown under the webhook list ("Your webhooks will be signed with …"). For an app, use its client secret.';

export const shopify: SourceDefinition = {
  id: 'shopify',

  verify(req, _payload, settings) {
    const secret = secretOf(settings);
    if (!secret) return reject('no_secret', `Shopify signing key is not set in Hooktray, so deliveries cannot be checked. ${WHERE_SECRET}`);
    const given = req.headers['x-shopify-hmac-sha256'];
    if (!given) return reject('missing_signature', 'The request has no X-Shopify-Hmac-Sha256 header: it did not come from Shopify.');
    if (!signatureMatches(given, hmacSha256(secret, req.rawBody), 'base64')) {
      return reject('bad_signature', `Shopify signature did not match: check the signing key in Hooktray. ${WHERE_SECRET}`);
    }
    return ok;
  },

  platformId(req) {
    return req.headers['x-shopify-event-id'] ?? req.headers['x-shopify-webhook-id'];
  },

  platformEvent(req) {
    return req.headers['x-shopify-topic'] ?? 'unknown';
  },

  normalise(req, payload) {
    const topic = this.platformEvent(req, payload);
    const body = obj(payload);
    const type = TOPIC_TYPES[topic] ?? 'other';
    const shop = shopDomain(req.headers['x-shopify-shop-domain']);
    const occurredAt = isoTime(body.created_at ?? req.headers['x-shopify-triggered-at'], req.receivedAt);
    const id = str(body.id) ?? this.platformId(req, payload) ?? String(req.receivedAt);
    if (topic.startsWith('orders/')) return [orderEvent(type, topic, id, body, shop, occurredAt)];
    if (topic.startsWith('customers/')) return [customerEvent(type, topic, id, body, shop, occurredAt)];
    return [{ type, source: 'shopify', platformEvent: topic, key: `${topic}:${id}`, occurredAt, summary: `Shopify ${topic}`, data: payload }];
  },
};

/**
 * The shop's admin host from X-Shopify-Shop-Domain, which the signature does not cover: only a
 * `<name>.myshopify.com` host, else none, so a forged header cannot point "Open it" elsewhere.
 */
export function shopDomain(header: string | undefined): string | undefined {
  const host = header?.trim().toLowerCase();
  return host && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.myshopify\.com$/.test(host) ? host : undefined;
}

function orderEvent(type: EventType, topic: string, id: string, order: Json, shop: string | undefined, occurredAt: string): HooktrayEvent {
  const customer = obj(order.customer);
  const billing = obj(order.billing_address);
  const who = person({
    name: joinName(str(customer.first_name) ?? str(billing.first_name), str(customer.last_name) ?? str(billing.last_name)),
    firstName: str(customer.first_name) ?? str(billing.first_name),
    lastName: str(customer.last_name) ?? str(billing.last_name),
    email: str(order.email) ?? str(customer.email),
    phone: str(order.phone) ?? str(customer.phone) ?? str(billing.phone),
    company: str(billing.company),
  });
  const number = str(order.name) ?? `#${str(order.order_number) ?? str(order.number) ?? id}`;
  const total = str(order.total_price);
  const currency = str(order.currency);
  return {
    type,
    source: 'shopify',
    platformEvent: topic,
    key: `order:${id}:${type === 'other' ? topic : type}`,
    occurredAt,
    summary: orderSummary(number, who?.name ?? who?.email, total, currency),
    ...(who ? { person: who } : {}),
    order: orderInfo({ id, number, total, currency, status: str(order.financial_status), items: order.line_items }),
    ...(shop ? { link: `https://${shop}/admin/orders/${encodeURIComponent(id)}` } : {}),
    data: order,
  };
}

function customerEvent(type: EventType, topic: string, id: string, customer: Json, shop: string | undefined, occurredAt: string): HooktrayEvent {
  const address = obj(customer.default_address);
  const first = str(customer.first_name);
  const last = str(customer.last_name);
  const who = person({
    name: joinName(first, last),
    firstName: first,
    lastName: last,
    email: str(customer.email),
    phone: str(customer.phone) ?? str(address.phone),
    company: str(address.company),
  });
  return {
    type,
    source: 'shopify',
    platformEvent: topic,
    key: `customer:${id}:${type === 'other' ? topic : type}`,
    occurredAt,
    summary: `New customer ${who?.name ?? who?.email ?? id}`,
    ...(who ? { person: who } : {}),
    ...(shop ? { link: `https://${shop}/admin/customers/${encodeURIComponent(id)}` } : {}),
    data: customer,
  };
}

export type { SourceRequest };
