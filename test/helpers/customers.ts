import { expect } from 'vitest';
import type { Engine } from '../../electron/engine/engine.ts';
import { deliver } from './deliver.ts';
import { shopifyOrder } from './shopify.ts';
import { SECRETS, stripeCheckout, wooOrder } from './platforms.ts';
import { SHOPIFY_SECRET } from './shopify.ts';

/** Settings that verify the three shops' test signatures; recipes paused, so nothing runs. */
export const THREE_SHOPS = {
  sources: { shopify: { secret: SHOPIFY_SECRET }, woocommerce: { secret: SECRETS.woocommerce }, stripe: { secret: SECRETS.stripe } },
  paused: true,
};

/**
 * One customer per shop, each with an email, a company, a SKU and a city found nowhere in the
 * order's summary line: what an owner types to find the order. Stripe's webhooks carry no line
 * items, so its SKU is in the checkout's metadata, where shops that sell through Stripe put it.
 */
export const CUSTOMERS = {
  shopify: {
    payload: shopifyOrder(77, {
      email: 'zelda@example.com',
      customer: { id: 9077, email: 'zelda@example.com', first_name: 'Zelda', last_name: 'Fitzgerald', phone: '+1 334 555 0192' },
      billing_address: { first_name: 'Zelda', last_name: 'Fitzgerald', company: 'Jazz Age Books', city: 'Montgomery', country: 'United States' },
      line_items: [{ id: 1, title: 'First edition, signed', quantity: 1, price: '950.00', sku: 'GATSBY-1925' }],
    }),
    summary: 'Order #1077 from Zelda Fitzgerald, 49.90 EUR',
    events: 1,
    email: 'zelda@example.com',
    company: 'Jazz Age Books',
    sku: 'GATSBY-1925',
    city: 'Montgomery',
  },
  woocommerce: {
    payload: wooOrder(5120),
    summary: 'Order #5120 from Lena Berg, 64.50 EUR',
    events: 1,
    email: 'lena@berg-bakery.example',
    company: 'Berg Bakery',
    sku: 'SD-KIT',
    city: 'Hamburg',
  },
  stripe: {
    payload: stripeCheckout('evt_search_1', {
      data: {
        object: {
          id: 'cs_test_search_1',
          object: 'checkout.session',
          amount_total: 12000,
          currency: 'eur',
          client_reference_id: '3301',
          customer_details: {
            email: 'hana@studio-mori.example',
            name: 'Hana Mori',
            business_name: 'Studio Mori',
            phone: null,
            address: { city: 'Kyoto', country: 'JP' },
          },
          metadata: { sku: 'PRINT-A2-INDIGO' },
          payment_status: 'paid',
          status: 'complete',
        },
      },
    }),
    summary: 'Order #3301 from Hana Mori, 120.00 EUR',
    // A completed checkout is a new order and a paid one: two events of one delivery.
    events: 2,
    email: 'hana@studio-mori.example',
    company: 'Studio Mori',
    sku: 'PRINT-A2-INDIGO',
    city: 'Kyoto',
  },
} as const;

export type Shop = keyof typeof CUSTOMERS;
export const SHOPS = Object.keys(CUSTOMERS) as Shop[];

export const FIELDS = ['email', 'company', 'sku', 'city'] as const;
/** The activity rows of one shop's order (a row per event). */
export const rowsOf = (shop: Shop) => Array<string>(CUSTOMERS[shop].events).fill(CUSTOMERS[shop].summary);

export async function found(engine: Engine, search: string): Promise<string[]> {
  const [page, { total }] = await Promise.all([engine.api['activity.list']({ search }), engine.api['activity.count']({ search })]);
  expect(total).toBe(page.items.length);
  return page.items.map((i) => i.summary);
}

export async function deliverAll(webhooks: Record<string, string>): Promise<void> {
  for (const shop of SHOPS) await deliver(webhooks[shop]!, CUSTOMERS[shop].payload);
}

/** Each customer found by each field, none of which is in the summary line (all that search used to read). */
export async function expectAllFound(engine: Engine): Promise<void> {
  for (const shop of SHOPS) {
    const customer = CUSTOMERS[shop];
    for (const field of FIELDS) {
      expect(customer.summary.toLowerCase()).not.toContain(customer[field].toLowerCase());
      expect(await found(engine, customer[field]), `${shop} by ${field}`).toEqual(rowsOf(shop));
    }
  }
}
