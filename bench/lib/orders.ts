import { createHmac } from 'node:crypto';
import { SHOPIFY_SECRET, shopifyOrder } from '../../test/helpers/shopify.ts';

/** A signed orders/create delivery of about 2 KB, unique per n (id and event id). */
export function signedOrder(n: number): { body: string; headers: Record<string, string> } {
  const address = { address1: `${n} Market Street`, address2: 'Unit 4', city: 'Berlin', zip: '10115', province: 'Berlin', country: 'Germany', phone: '+49 30 1234567' };
  const body = JSON.stringify(
    shopifyOrder(n, {
      note: 'Please gift-wrap the mugs, thank you!',
      shipping_address: { ...address, first_name: 'Jane', last_name: `Doe ${n}` },
      billing_address: { ...address, first_name: 'Jane', last_name: `Doe ${n}`, company: 'Acme GmbH' },
      shipping_lines: [{ title: 'Standard shipping', price: '4.90', code: 'STANDARD' }],
      tags: 'wholesale, repeat-customer',
      discount_codes: [{ code: 'WELCOME10', amount: '4.99', type: 'percentage' }],
    }),
  );
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-hmac-sha256': createHmac('sha256', SHOPIFY_SECRET).update(body).digest('base64'),
      'x-shopify-shop-domain': 'demo-shop.myshopify.com',
      'x-shopify-event-id': `bench-${process.pid}-${n}`,
      'x-shopify-webhook-id': `wh-${n}`,
    },
  };
}
