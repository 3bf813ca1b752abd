import { describe, expect, it } from 'vitest';
import { startEngine } from '../helpers/engine.ts';
import { SECRETS, wooHeaders, wooOrder } from '../helpers/platforms.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { waitUntil } from '../helpers/wait.ts';

describe('activity view queries', () => {
  it('lists deliveries newest first with their runs, filters, searches, pages, and shows one in detail', async () => {
    const smtp = await startSmtp();
    smtp.refuse = true; // every run fails for good, so statuses differ from source to source below
    const { engine, webhooks } = await startEngine({
      sources: { shopify: { secret: SHOPIFY_SECRET }, woocommerce: { secret: SECRETS.woocommerce } },
      smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
      runner: { baseDelayMs: 50 },
      recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
    });
    for (let n = 1; n <= 5; n++) {
      const body = JSON.stringify(shopifyOrder(n));
      await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body), body });
    }
    const woo = JSON.stringify(wooOrder(777));
    await fetch(webhooks.woocommerce, { method: 'POST', headers: wooHeaders(woo), body: woo });
    await waitUntil(() => engine.state.runs.list({ status: 'failed' }).length === 5, 'five failed runs');

    const api = engine.api;
    const all = await api['activity.list']({});
    expect(all.items.map((i) => i.summary)).toEqual([
      'Order #777 from Lena Berg, 64.50 EUR',
      ...[5, 4, 3, 2, 1].map((n) => `Order #${1000 + n} from Jane Doe ${n}, 49.90 EUR`),
    ]);
    expect(all.items[0]).toMatchObject({ source: 'woocommerce', origin: 'webhook', runs: [] });
    expect(all.items[1]!.runs).toEqual([
      expect.objectContaining({ recipeId: 'shopify-order-email', status: 'failed', attempts: 1, lastError: expect.stringContaining('550') }),
    ]);

    expect((await api['activity.list']({ source: 'woocommerce' })).items).toHaveLength(1);
    expect((await api['activity.list']({ status: 'failed' })).items).toHaveLength(5);
    expect((await api['activity.list']({ recipeId: 'shopify-order-email', search: '1003' })).items.map((i) => i.summary)).toEqual([
      'Order #1003 from Jane Doe 3, 49.90 EUR',
    ]);
    expect((await api['activity.list']({ search: 'jane #1004' })).items).toHaveLength(1);
    expect((await api['activity.list']({ search: '100%_' })).items).toHaveLength(0);

    // Once writes pause, the writer fills the trigram index; search then goes through it.
    await waitUntil(
      () =>
        (engine.state.db.prepare(`SELECT value FROM meta WHERE key = 'text-indexed-through'`).get() as { value: string } | undefined)?.value ===
        String(all.items[0]!.eventId),
      'search index filled',
    );
    expect((await api['activity.list']({ search: '1003' })).items.map((i) => i.summary)).toEqual(['Order #1003 from Jane Doe 3, 49.90 EUR']);
    expect((await api['activity.list']({ search: 'BERG' })).items.map((i) => i.source)).toEqual(['woocommerce']);
    expect((await api['activity.list']({ search: 'jane #1004' })).items).toHaveLength(1);

    const first = await api['activity.list']({ limit: 4 });
    expect(first.items).toHaveLength(4);
    const second = await api['activity.list']({ limit: 4, beforeId: first.nextBeforeId! });
    expect(second.items.map((i) => i.summary)).toEqual(['Order #1002 from Jane Doe 2, 49.90 EUR', 'Order #1001 from Jane Doe 1, 49.90 EUR']);
    expect(second.nextBeforeId).toBeUndefined();

    const detail = await api['activity.get']({ eventId: all.items[1]!.eventId });
    expect(detail.headers['x-shopify-topic']).toBe('orders/create');
    expect(detail.payload).toContain('\n  "name": "#1005"');
    expect(detail.runs[0]!.attemptLog).toEqual([expect.objectContaining({ n: 1, outcome: 'permanent' })]);

    // Replay, now that the mail server accepts: a new run, which succeeds.
    smtp.refuse = false;
    const { runIds } = await api['activity.replay']({ eventId: all.items[1]!.eventId });
    expect(runIds).toHaveLength(1);
    await smtp.waitFor(1);
    await waitUntil(() => engine.state.runs.get(runIds[0]!)?.status === 'succeeded', 'replayed run succeeded');
    await expect(api['activity.replay']({ eventId: all.items[0]!.eventId })).rejects.toThrow('No recipe that is switched on');
    await smtp.stop();
  });
});
