import { describe, expect, it } from 'vitest';
import { parseForm } from '../../electron/engine/sources/body.ts';
import { clinchpad } from '../../electron/engine/sources/clinchpad.ts';
import { shopify } from '../../electron/engine/sources/shopify.ts';
import type { SourceRequest } from '../../electron/engine/sources/source.ts';
import { shopifyHeaders, shopifyOrder, SHOPIFY_SECRET } from '../helpers/shopify.ts';

function request(body: string, headers: Record<string, string>): SourceRequest {
  return { method: 'POST', headers, query: {}, rawBody: Buffer.from(body), contentType: 'application/json', receivedAt: Date.parse('2026-11-20T10:00:00Z') };
}

describe('Shopify source', () => {
  it('normalises an order into order.created with person, items, total and a link back', () => {
    const body = JSON.stringify(shopifyOrder(42));
    const req = request(body, shopifyHeaders(body));
    expect(shopify.verify(req, JSON.parse(body), { secret: SHOPIFY_SECRET })).toEqual({ ok: true });
    const [event] = shopify.normalise(req, JSON.parse(body));
    expect(event).toMatchObject({
      type: 'order.created',
      source: 'shopify',
      platformEvent: 'orders/create',
      key: 'order:5500000042:order.created',
      summary: 'Order #1042 from Jane Doe 42, 49.90 EUR',
      person: { name: 'Jane Doe 42', email: 'buyer42@example.com', phone: '+49 30 1234567', company: 'Acme GmbH' },
      order: {
        id: '5500000042',
        number: '#1042',
        total: '49.90',
        currency: 'EUR',
        lineItems: [
          { title: 'Blue mug', quantity: 2, price: '12.95', sku: 'MUG-BLUE' },
          { title: 'Tea towel', quantity: 1 },
        ],
      },
      link: 'https://demo-shop.myshopify.com/admin/orders/5500000042',
    });
    expect(event!.occurredAt).toBe('2026-11-20T09:15:00.000Z');
  });

  it('normalises customers/create and keeps unknown topics as "other"', () => {
    const customer = { id: 77, email: 'new@example.com', first_name: 'Ada', last_name: 'Lovelace', default_address: { company: 'Engines Ltd' } };
    const body = JSON.stringify(customer);
    const [created] = shopify.normalise(request(body, shopifyHeaders(body, { topic: 'customers/create' })), customer);
    expect(created).toMatchObject({
      type: 'customer.created',
      key: 'customer:77:customer.created',
      person: { name: 'Ada Lovelace', email: 'new@example.com', company: 'Engines Ltd' },
    });
    const [other] = shopify.normalise(request('{}', shopifyHeaders('{}', { topic: 'products/update' })), { id: 5 });
    expect(other).toMatchObject({ type: 'other', platformEvent: 'products/update' });
  });

  it('prefers X-Shopify-Event-Id for dedupe and falls back to X-Shopify-Webhook-Id', () => {
    expect(shopify.platformId(request('{}', { 'x-shopify-event-id': 'e1', 'x-shopify-webhook-id': 'w1' }), {})).toBe('e1');
    expect(shopify.platformId(request('{}', { 'x-shopify-webhook-id': 'w1' }), {})).toBe('w1');
  });

  it('rejects a signature of the wrong length or alphabet without throwing', () => {
    const body = '{"id":1}';
    for (const bad of ['', 'abc', '!!!!', 'A'.repeat(200)]) {
      expect(shopify.verify(request(body, { 'x-shopify-hmac-sha256': bad }), {}, { secret: SHOPIFY_SECRET })).toMatchObject({ ok: false });
    }
  });
});

describe('ClinchPad source', () => {
  const payload = (type: string) => ({
    activity: { _id: `act-${type}`, created_at: '2026-11-20T09:00:00Z', type, user: { _id: 'u1', name: 'Sam' } },
    lead: { _id: 'L1', name: 'Acme deal', stage: { _id: 's', name: 'Offer' }, pipe: { _id: 'p', name: 'Default' } },
  });

  it('turns lead:created into contact.created and every other activity into contact.updated', () => {
    const req = request('{}', {});
    expect(clinchpad.normalise(req, payload('lead:created'))[0]).toMatchObject({
      type: 'contact.created',
      key: 'lead:L1:contact.created',
      summary: 'New lead Acme deal',
    });
    for (const type of ['note:created', 'lead:won', 'lead:lost', 'lead:stage_changed', 'task:completed']) {
      expect(clinchpad.normalise(req, payload(type))[0]).toMatchObject({ type: 'contact.updated', platformEvent: type, key: `activity:act-${type}` });
    }
    expect(clinchpad.platformId(req, payload('note:created'))).toBe('act-note:created');
  });

  it('accepts any delivery when no handshake key is set, and checks it when one is', () => {
    const req = request('{}', {});
    expect(clinchpad.verify(req, payload('lead:created'), undefined)).toEqual({ ok: true });
    expect(clinchpad.verify(req, { ...payload('lead:created'), handshake_key: 'k' }, { handshakeKey: 'k' })).toEqual({ ok: true });
    expect(clinchpad.verify(req, payload('lead:created'), { handshakeKey: 'k' })).toMatchObject({ ok: false, code: 'missing_signature' });
  });
});

describe('form bodies', () => {
  it('parses PHP-style brackets into nested objects and drops prototype keys', () => {
    expect(parseForm('type=subscribe&data[email]=a%40b.c&data[merges][FNAME]=Jo&tags[]=x&tags[]=y&__proto__[polluted]=1')).toEqual({
      type: 'subscribe',
      data: { email: 'a@b.c', merges: { FNAME: 'Jo' } },
      tags: ['x', 'y'],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
