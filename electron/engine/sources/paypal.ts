import type { EventType } from '../../../shared/events.ts';
import { isoTime, joinName, obj, person, str, type Json } from './fields.ts';
import { verifyWithPayPal } from './paypal-verify.ts';
import type { SourceDefinition } from './source.ts';

const TYPES: Record<string, EventType> = {
  'PAYMENT.CAPTURE.COMPLETED': 'payment.succeeded',
  'PAYMENT.SALE.COMPLETED': 'payment.succeeded',
  'CHECKOUT.ORDER.APPROVED': 'order.created',
  'CHECKOUT.ORDER.COMPLETED': 'order.paid',
};

export const paypal: SourceDefinition = {
  id: 'paypal',

  verify(req, payload, settings) {
    return verifyWithPayPal(req, payload, settings);
  },

  platformId(_req, payload) {
    return str(obj(payload).id);
  },

  platformEvent(_req, payload) {
    return str(obj(payload).event_type) ?? 'unknown';
  },

  normalise(req, payload) {
    const event = obj(payload);
    const kind = this.platformEvent(req, payload);
    const resource = obj(event.resource);
    const type = TYPES[kind] ?? 'other';
    const id = str(resource.id) ?? str(event.id) ?? String(req.receivedAt);
    const { value, currency } = amountOf(resource);
    const who = payer(resource);
    const what = type === 'payment.succeeded' ? 'Payment' : type === 'other' ? `PayPal ${kind}` : 'PayPal order';
    return [
      {
        type,
        source: 'paypal',
        platformEvent: kind,
        key: `${str(event.resource_type) ?? 'resource'}:${id}:${type === 'other' ? kind : type}`,
        occurredAt: isoTime(event.create_time, req.receivedAt),
        summary: `${what}${value ? ` of ${value} ${currency ?? ''}`.trimEnd() : ''}${who?.name || who?.email ? ` from ${who.name ?? who.email}` : ''}`,
        ...(who ? { person: who } : {}),
        ...(kind.startsWith('CHECKOUT.ORDER')
          ? {
              order: {
                id,
                number: str(obj(list0(resource.purchase_units)).invoice_id) ?? id,
                ...(value ? { total: value } : {}),
                ...(currency ? { currency } : {}),
                ...(str(resource.status) ? { status: str(resource.status) } : {}),
                lineItems: [],
              },
            }
          : {}),
        link: `https://www.paypal.com/activity/payment/${id}`,
        data: payload,
      },
    ];
  },
};

function list0(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : undefined;
}

/** v2 captures: amount{value,currency_code}; v1 sales: amount{total,currency}; orders: purchase_units[0].amount. */
function amountOf(resource: Json): { value?: string; currency?: string } {
  const amount = obj(resource.amount ?? obj(list0(resource.purchase_units)).amount);
  return { value: str(amount.value) ?? str(amount.total), currency: str(amount.currency_code) ?? str(amount.currency) };
}

function payer(resource: Json) {
  const p = obj(resource.payer);
  const name = obj(p.name);
  const info = obj(p.payer_info);
  const first = str(name.given_name) ?? str(info.first_name);
  const last = str(name.surname) ?? str(info.last_name);
  return person({ name: joinName(first, last), firstName: first, lastName: last, email: str(p.email_address) ?? str(info.email) });
}
