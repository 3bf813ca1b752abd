import type { EventType, HooktrayEvent } from '../../../shared/events.ts';
import { fromMinorUnits, isoTime, list, obj, orderSummary, person, str, type Json } from './fields.ts';
import { hmacSha256, secretOf, signatureMatches } from './signatures.ts';
import { ok, reject, type SourceDefinition } from './source.ts';

/** Stripe's own libraries refuse signatures older than this (replay protection). */
export const STRIPE_TOLERANCE_S = 300;
const WHERE_SECRET = 'In the Stripe Dashboard open Developers → Webhooks (Workbench), open your endpoint and reveal its Signing secret (whsec_…).';

const TYPES: Record<string, EventType> = {
  'checkout.session.completed': 'order.paid', // and order.created, see normalise
  'payment_intent.succeeded': 'payment.succeeded',
  'invoice.paid': 'payment.succeeded',
  'customer.created': 'customer.created',
};

/**
 * The PaymentIntent an invoice was paid with: `payment_intent` (an id or an expanded object) up
 * to API version 2025-03-31, `payments.data[].payment.payment_intent` after it, when present.
 */
function invoicePaymentIntent(invoice: Json): string | undefined {
  const direct = invoice.payment_intent;
  if (typeof direct === 'string') return direct;
  if (str(obj(direct).id)) return str(obj(direct).id);
  for (const entry of list(obj(invoice.payments).data)) {
    const intent = obj(obj(entry).payment).payment_intent;
    const id = typeof intent === 'string' ? intent : str(obj(intent).id);
    if (id) return id;
  }
  return undefined;
}

export const stripe: SourceDefinition = {
  id: 'stripe',

  verify(req, _payload, settings) {
    const secret = secretOf(settings);
    if (!secret) return reject('no_secret', `The Stripe signing secret is not set in Hooktray, so deliveries cannot be checked. ${WHERE_SECRET}`);
    const header = req.headers['stripe-signature'];
    if (!header) return reject('missing_signature', 'The request has no Stripe-Signature header: it did not come from Stripe.');
    const parts = header.split(',').map((p) => p.trim().split('='));
    const timestamp = parts.find(([k]) => k === 't')?.[1];
    const signatures = parts.filter(([k]) => k === 'v1').map(([, v]) => v ?? '');
    if (!timestamp || !/^\d+$/.test(timestamp) || signatures.length === 0)
      return reject('missing_signature', 'The Stripe-Signature header has no t=… and v1=… parts.');
    const expected = hmacSha256(secret, Buffer.concat([Buffer.from(`${timestamp}.`), req.rawBody]));
    // Any v1 may match: Stripe signs with old and new secret while one is being rolled.
    if (!signatures.some((s) => signatureMatches(s, expected, 'hex'))) {
      return reject('bad_signature', `Stripe signature did not match: check the endpoint's signing secret in Hooktray. ${WHERE_SECRET}`);
    }
    const age = Math.abs(req.receivedAt / 1000 - Number(timestamp));
    if (age > STRIPE_TOLERANCE_S) {
      return reject(
        'stale_timestamp',
        `This Stripe delivery was signed ${Math.round(age)} s ago, more than the ${STRIPE_TOLERANCE_S} s allowed: a replay, or this computer's clock is wrong.`,
      );
    }
    return ok;
  },

  platformId(_req, payload) {
    return str(obj(payload).id);
  },

  platformEvent(_req, payload) {
    return str(obj(payload).type) ?? 'unknown';
  },

  normalise(req, payload) {
    const event = obj(payload);
    const kind = this.platformEvent(req, payload);
    const object = obj(obj(event.data).object);
    const objectId = str(object.id) ?? str(event.id) ?? String(req.receivedAt);
    // One payment, one payment.succeeded: keyed on its PaymentIntent, whether it came as
    // payment_intent.succeeded or invoice.paid. An invoice that names no PaymentIntent (paid
    // outside Stripe, or an endpoint on API 2025-03-31+) is kept as it is, so it cannot count twice.
    const intent = kind === 'payment_intent.succeeded' ? objectId : kind === 'invoice.paid' ? invoicePaymentIntent(object) : undefined;
    const type = kind === 'invoice.paid' && !intent ? 'other' : (TYPES[kind] ?? 'other');
    const base = {
      type,
      source: 'stripe' as const,
      platformEvent: kind,
      key:
        type === 'payment.succeeded' && intent
          ? `payment_intent:${intent}:payment.succeeded`
          : `${str(object.object) ?? 'object'}:${objectId}:${type === 'other' ? kind : type}`,
      occurredAt: isoTime(typeof event.created === 'number' ? new Date(event.created * 1000).toISOString() : undefined, req.receivedAt),
      link: `https://dashboard.stripe.com/${event.livemode === false ? 'test/' : ''}${linkPath(kind, objectId)}`,
      data: payload,
    };
    // A completed checkout is a new order that is already paid: one event each, so "any new
    // order" recipes and "paid order" recipes both see it, once.
    if (kind === 'checkout.session.completed') {
      return (['order.created', 'order.paid'] as const).map((t) =>
        checkoutEvent({ ...base, type: t, key: `checkout.session:${objectId}:${t}` }, object, objectId),
      );
    }
    if (kind === 'customer.created') {
      const who = person({ name: str(object.name), email: str(object.email), phone: str(object.phone) });
      return [{ ...base, summary: `New customer ${who?.name ?? who?.email ?? objectId}`, ...(who ? { person: who } : {}) }];
    }
    return [paymentEvent(base, object, intent ?? objectId)];
  },
};

/**
 * A PaymentIntent or a paid invoice. The amount and what the owner calls it travel as `order`,
 * as for PayPal payments, so the same templates and spreadsheet columns (Total, Currency) fill in.
 */
function paymentEvent(base: Omit<HooktrayEvent, 'summary'>, object: Json, id: string): HooktrayEvent {
  const currency = str(object.currency)?.toUpperCase();
  const amount = fromMinorUnits(object.amount_received ?? object.amount_paid ?? object.amount, currency);
  const who = person({
    name: str(obj(object.billing_details).name) ?? str(object.customer_name) ?? str(obj(object.shipping).name),
    email: str(object.receipt_email) ?? str(object.customer_email),
  });
  // An invoice's own number ("INV-0042") when it has one; else the payment's description or id.
  const number = str(object.number) ?? str(object.description) ?? id;
  return {
    ...base,
    summary: `Payment ${amount ? `of ${amount} ${currency ?? ''}`.trim() : id}${who?.name || who?.email ? ` from ${who.name ?? who.email}` : ''}`,
    ...(who ? { person: who } : {}),
    order: {
      id,
      number,
      ...(amount ? { total: amount } : {}),
      ...(currency ? { currency } : {}),
      ...(str(object.status) ? { status: str(object.status) } : {}),
      lineItems: [],
    },
  };
}

function checkoutEvent(base: Omit<HooktrayEvent, 'summary'>, session: Json, id: string): HooktrayEvent {
  const details = obj(session.customer_details);
  const who = person({ name: str(details.name), email: str(details.email) ?? str(session.customer_email), phone: str(details.phone) });
  const currency = str(session.currency)?.toUpperCase();
  const total = fromMinorUnits(session.amount_total, currency);
  const number = str(obj(session.metadata).order_number) ?? str(session.client_reference_id) ?? id;
  return {
    ...base,
    summary: orderSummary(number.startsWith('#') ? number : `#${number}`, who?.name ?? who?.email, total, currency),
    ...(who ? { person: who } : {}),
    order: {
      id,
      number,
      ...(total ? { total } : {}),
      ...(currency ? { currency } : {}),
      ...(str(session.payment_status) ? { status: str(session.payment_status) } : {}),
      // Line items are not in the event (Stripe needs an extra API call for them).
      lineItems: list(obj(session.line_items).data).map((raw) => {
        const item = obj(raw);
        return { title: str(item.description) ?? 'Item', quantity: Number(item.quantity) || 1 };
      }),
    },
  };
}

function linkPath(kind: string, id: string): string {
  if (kind.startsWith('checkout.session')) return `checkout/sessions/${id}`;
  if (kind.startsWith('payment_intent')) return `payments/${id}`;
  if (kind.startsWith('invoice')) return `invoices/${id}`;
  if (kind.startsWith('customer')) return `customers/${id}`;
  return `events`;
}
