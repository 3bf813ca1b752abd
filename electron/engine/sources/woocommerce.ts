import type { EventType, HooktrayEvent } from '../../../shared/events.ts';
import { parseForm } from './body.ts';
import { gmtMs, isoTime, joinName, obj, orderInfo, orderSummary, person, siteBase, str, type Json } from './fields.ts';
import { hmacSha256, secretOf, signatureMatches } from './signatures.ts';
import { ok, reject, type SourceDefinition, type SourceRequest } from './source.ts';

const WHERE_SECRET = 'In WordPress open WooCommerce → Settings → Advanced → Webhooks, open the webhook and copy its Secret into Hooktray.';
/** Orders in these states have been paid for. */
const PAID = new Set(['processing', 'completed']);

export const woocommerce: SourceDefinition = {
  id: 'woocommerce',

  // WooCommerce pings the URL when a webhook is saved: form-encoded webhook_id=N, no signature,
  // and anything but 200 makes the save fail.
  handshake(req) {
    if (req.method !== 'POST' || req.headers['x-wc-webhook-signature'] || req.contentType === 'application/json') return undefined;
    const form = parseForm(req.rawBody.toString('utf8'));
    const keys = Object.keys(form);
    if (keys.length !== 1 || keys[0] !== 'webhook_id' || !/^\d+$/.test(String(form.webhook_id))) return undefined;
    return { status: 200, body: { ok: true }, note: `WooCommerce connected (webhook ${String(form.webhook_id)})` };
  },

  verify(req, _payload, settings) {
    const secret = secretOf(settings);
    if (!secret) return reject('no_secret', `The WooCommerce webhook secret is not set in Hooktray, so deliveries cannot be checked. ${WHERE_SECRET}`);
    const given = req.headers['x-wc-webhook-signature'];
    if (!given) return reject('missing_signature', 'The request has no X-WC-Webhook-Signature header: it did not come from WooCommerce.');
    if (!signatureMatches(given, hmacSha256(secret, req.rawBody), 'base64')) {
      return reject('bad_signature', `WooCommerce signature did not match: the secret in Hooktray must be the webhook's Secret. ${WHERE_SECRET}`);
    }
    return ok;
  },

  // WooCommerce's delivery id changes on every attempt; the resource, topic and modification time do not.
  platformId(req, payload) {
    const body = obj(payload);
    const id = str(body.id);
    if (!id) return undefined;
    return `${this.platformEvent(req, payload)}:${id}:${str(body.date_modified_gmt) ?? str(body.date_modified) ?? ''}`;
  },

  platformEvent(req) {
    return req.headers['x-wc-webhook-topic'] ?? 'unknown';
  },

  normalise(req, payload) {
    const topic = this.platformEvent(req, payload);
    const body = obj(payload);
    const id = str(body.id) ?? String(req.receivedAt);
    const site = siteBase(req.headers['x-wc-webhook-source']);
    if (topic.startsWith('order.')) return [orderEvent(req, topic, id, body, site)];
    if (topic === 'customer.created') return [customerEvent(req, id, body, site)];
    return [
      {
        type: 'other',
        source: 'woocommerce',
        platformEvent: topic,
        key: `${topic}:${id}:${str(body.date_modified_gmt) ?? req.receivedAt}`,
        occurredAt: new Date(req.receivedAt).toISOString(),
        summary: `WooCommerce ${topic}`,
        data: payload,
      },
    ];
  },
};

/**
 * When something happened: the `*_gmt` field (GMT, written without a zone), else the site-time
 * field as given (its zone is the shop's, which the payload does not say), else when received.
 */
function wooTime(gmt: unknown, siteTime: unknown, receivedAt: number): string {
  const ms = gmtMs(gmt);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : isoTime(siteTime, receivedAt);
}

function orderType(topic: string, order: Json): EventType {
  if (topic === 'order.created') return 'order.created';
  if (topic === 'order.updated' && PAID.has(str(order.status) ?? '') && (str(order.date_paid_gmt) ?? str(order.date_paid))) return 'order.paid';
  return 'other';
}

function orderEvent(req: SourceRequest, topic: string, id: string, order: Json, site: string | undefined): HooktrayEvent {
  const type = orderType(topic, order);
  const billing = obj(order.billing);
  const who = person({
    name: joinName(str(billing.first_name), str(billing.last_name)),
    firstName: str(billing.first_name),
    lastName: str(billing.last_name),
    email: str(billing.email),
    phone: str(billing.phone),
    company: str(billing.company),
  });
  const number = `#${str(order.number) ?? id}`;
  const total = str(order.total);
  const currency = str(order.currency);
  return {
    type,
    source: 'woocommerce',
    platformEvent: topic,
    // order.created / order.paid happen once per order; other updates are told apart by time.
    key: type === 'other' ? `order:${id}:${topic}:${str(order.date_modified_gmt) ?? req.receivedAt}` : `order:${id}:${type}`,
    occurredAt:
      type === 'order.paid'
        ? wooTime(order.date_paid_gmt, order.date_paid, req.receivedAt)
        : wooTime(order.date_created_gmt, order.date_created, req.receivedAt),
    summary: orderSummary(number, who?.name ?? who?.email, total, currency),
    ...(who ? { person: who } : {}),
    order: orderInfo({ id, number, total, currency, status: str(order.status), items: order.line_items }),
    ...(site ? { link: `${site}wp-admin/post.php?post=${encodeURIComponent(id)}&action=edit` } : {}),
    data: order,
  };
}

function customerEvent(req: SourceRequest, id: string, customer: Json, site: string | undefined): HooktrayEvent {
  const billing = obj(customer.billing);
  const first = str(customer.first_name) ?? str(billing.first_name);
  const last = str(customer.last_name) ?? str(billing.last_name);
  const who = person({
    name: joinName(first, last),
    firstName: first,
    lastName: last,
    email: str(customer.email) ?? str(billing.email),
    phone: str(billing.phone),
    company: str(billing.company),
  });
  return {
    type: 'customer.created',
    source: 'woocommerce',
    platformEvent: 'customer.created',
    key: `customer:${id}:customer.created`,
    occurredAt: wooTime(customer.date_created_gmt, customer.date_created, req.receivedAt),
    summary: `New customer ${who?.name ?? who?.email ?? id}`,
    ...(who ? { person: who } : {}),
    ...(site ? { link: `${site}wp-admin/user-edit.php?user_id=${encodeURIComponent(id)}` } : {}),
    data: customer,
  };
}
