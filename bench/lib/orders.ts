import { createHmac } from 'node:crypto';
import { SHOPIFY_SECRET, shopifyOrder } from '../../test/helpers/shopify.ts';

/** A signed orders/create delivery of about 2 KB, unique per n (id and event id). */
export function signedOrder(n: number): { body: string; headers: Record<string, string> } {
  const address = {
    address1: `${n} Market Street`,
    address2: 'Unit 4',
    city: 'Berlin',
    zip: '10115',
    province: 'Berlin',
    country: 'Germany',
    phone: '+49 30 1234567',
  };
  const body = JSON.stringify(
    shopifyOrder(n, {
      note: 'Please gift-wrap the mugs, thank you!',
      shipping_address: { ...address, first_name: 'Jane', last_name: `Doe ${n}` },
      billing_address: { ...address, first_name: 'Jane', last_name: `Doe ${n}`, company: 'Acme GmbH' },
      shipping_lines: [{ title: 'Standard shipping', price: '4.90', code: 'STANDARD' }],
      tags: 'wholesale, repeat-customer',
      discount_codes: [{ code: 'WELCOME10', amount: '4.99', type: 'percentage' }],
      line_items: [
        { id: 1, title: 'Blue mug', quantity: 2, price: '12.95', sku: 'MUG-BLUE', vendor: 'Demo Ceramics', requires_shipping: true, taxable: true, grams: 350 },
        { id: 2, title: 'Tea towel', quantity: 1, price: '16.00', sku: 'TOWEL-1', vendor: 'Demo Linen', requires_shipping: true, taxable: true, grams: 120 },
        { id: 3, title: 'Gift wrap', quantity: 1, price: '2.50', sku: 'WRAP', vendor: 'Demo Shop', requires_shipping: false, taxable: true, grams: 0 },
      ],
      client_details: {
        browser_ip: '203.0.113.7',
        accept_language: 'de-DE,de;q=0.9,en;q=0.8',
        user_agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
      },
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
