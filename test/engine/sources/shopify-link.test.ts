import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shopify } from '../../../electron/engine/sources/shopify.ts';
import { startEngine } from '../../helpers/engine.ts';
import { mailBodies } from '../../helpers/mail-text.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../../helpers/shopify.ts';
import { startSmtp } from '../../helpers/smtp.ts';

const HOSTILE = [
  'evil.example',
  'demo-shop.myshopify.com.evil.example',
  'evil.example/x.myshopify.com',
  'demo-shop.myshopify.com@evil.example',
  'evil.example#.myshopify.com',
  'javascript:alert(1)//x.myshopify.com',
];

describe('the "Open it" link of a Shopify email', () => {
  it('points at the shop admin for a myshopify.com domain and is left out for any other X-Shopify-Shop-Domain', async () => {
    const smtp = await startSmtp();
    const { webhooks } = await startEngine({
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
      recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
    });
    const domains = ['Demo-Shop.myshopify.com', ...HOSTILE];
    for (const [n, domain] of domains.entries()) {
      const body = JSON.stringify(shopifyOrder(n));
      const res = await fetch(webhooks.shopify, { method: 'POST', headers: { ...shopifyHeaders(body), 'x-shopify-shop-domain': domain }, body });
      expect(res.status).toBe(200);
    }
    const mails = await smtp.waitFor(domains.length);
    const byOrder = new Map(mails.map((m) => [/#(\d+)/.exec(m.subject)![1], mailBodies(m)]));
    const good = byOrder.get('1000')!;
    expect(good.text).toContain(`Open it: https://demo-shop.myshopify.com/admin/orders/${5_500_000_000}`);
    expect(good.html).toContain(`<a href="https://demo-shop.myshopify.com/admin/orders/${5_500_000_000}">Open it</a>`);
    for (let n = 1; n < domains.length; n++) {
      const { text, html } = byOrder.get(String(1000 + n))!;
      expect(text).not.toContain('Open it');
      expect(`${text}${html}`).not.toMatch(/evil|javascript/);
    }
    await smtp.stop();
  });

  it('never takes a host other than <name>.myshopify.com from the header (generated headers)', () => {
    const label = fc.stringMatching(/^[a-z0-9-]{0,12}$/);
    const header = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc
        .tuple(
          label,
          fc.constantFrom('.myshopify.com', '.myshopify.com.', '.myshopify.com.evil.example', '.MyShopify.com', 'myshopify.com', '.myshopify.co'),
          fc.constantFrom('', '/', '/x', '@evil.example', ':443', '#x', '?x', ' ', '\t'),
        )
        .map((parts) => parts.join('')),
      fc.tuple(fc.constantFrom('', 'https://', 'evil.example/', 'a@', 'a b.'), label, fc.constant('.myshopify.com')).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(header, (domain) => {
        const req = {
          method: 'POST',
          headers: { 'x-shopify-topic': 'orders/create', 'x-shopify-shop-domain': domain },
          query: {},
          rawBody: Buffer.alloc(0),
          contentType: 'application/json',
          receivedAt: Date.now(),
        };
        const [event] = shopify.normalise(req, shopifyOrder(1));
        if (event!.link === undefined) return;
        const url = new URL(event!.link);
        expect(url.hostname).toBe(domain.trim().toLowerCase());
        expect(url.hostname).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?\.myshopify\.com$/);
        expect(event!.link).toBe(`https://${url.hostname}/admin/orders/5500000001`);
      }),
      { numRuns: 500 },
    );
  });
});
