import { describe, expect, it } from 'vitest';
import type { DeliveryNotice } from '../../shared/contract.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';

describe('the live delivery event', () => {
  it('is told by the inbox for every stored delivery, whichever way it came: a platform, a redelivery, Send test', async () => {
    const { engine, webhooks } = await startEngine({
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      paused: true,
      recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
    });
    const heard: DeliveryNotice[] = [];
    engine.events.on('delivery', (d) => heard.push(d));
    const body = JSON.stringify(shopifyOrder(1));
    const headers = shopifyHeaders(body, { eventId: 'evt-1' });
    for (let i = 0; i < 2; i++) expect((await fetch(webhooks.shopify, { method: 'POST', headers, body })).status).toBe(200);
    const test = await engine.api['recipes.sendTest']({ id: 'shopify-order-email' });
    expect(heard).toEqual([
      {
        source: 'shopify',
        platformEvent: 'orders/create',
        origin: 'webhook',
        duplicate: false,
        summaries: ['Order #1001 from Jane Doe 1, 49.90 EUR'],
        runIds: [expect.any(Number)],
      },
      {
        source: 'shopify',
        platformEvent: 'orders/create',
        origin: 'webhook',
        duplicate: true,
        summaries: ['Order #1001 from Jane Doe 1, 49.90 EUR'],
        runIds: [],
      },
      {
        source: 'shopify',
        platformEvent: 'orders/create',
        origin: 'test',
        duplicate: false,
        summaries: [expect.stringContaining('Jane Example')],
        runIds: [test.id],
      },
    ]);
  });
});
