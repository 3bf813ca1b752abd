import { createHmac, randomUUID } from 'node:crypto';

export const SHOPIFY_SECRET = 'shpss_test_secret_0123456789';

export function signShopify(body: string | Buffer, secret = SHOPIFY_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** A realistic orders/create payload (fields as Shopify's REST Order resource names them). */
export function shopifyOrder(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 5_500_000_000 + n,
    admin_graphql_api_id: `gid://shopify/Order/${5_500_000_000 + n}`,
    name: `#${1000 + n}`,
    order_number: 1000 + n,
    email: `buyer${n}@example.com`,
    phone: null,
    created_at: '2026-11-20T10:15:00+01:00',
    currency: 'EUR',
    total_price: '49.90',
    subtotal_price: '41.93',
    total_tax: '7.97',
    financial_status: 'paid',
    customer: { id: 7_000 + n, email: `buyer${n}@example.com`, first_name: 'Jane', last_name: `Doe ${n}`, phone: '+49 30 1234567' },
    billing_address: { first_name: 'Jane', last_name: `Doe ${n}`, company: 'Acme GmbH', city: 'Berlin', country: 'Germany' },
    line_items: [
      { id: 1, title: 'Blue mug', quantity: 2, price: '12.95', sku: 'MUG-BLUE' },
      { id: 2, title: 'Tea towel', quantity: 1, price: '16.00', sku: 'TOWEL-1' },
    ],
    ...overrides,
  };
}

/** Headers Shopify sends with a delivery, signed over exactly `body`. */
export function shopifyHeaders(body: string, options: { topic?: string; eventId?: string; secret?: string } = {}): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-shopify-topic': options.topic ?? 'orders/create',
    'x-shopify-hmac-sha256': signShopify(body, options.secret),
    'x-shopify-shop-domain': 'demo-shop.myshopify.com',
    'x-shopify-api-version': '2026-10',
    'x-shopify-webhook-id': randomUUID(),
    'x-shopify-event-id': options.eventId ?? randomUUID(),
    'x-shopify-triggered-at': new Date().toISOString(),
  };
}
