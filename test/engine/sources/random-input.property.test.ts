import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SOURCE_IDS } from '../../../shared/sources.ts';
import { startEngine } from '../../helpers/engine.ts';
import { SECRETS } from '../../helpers/platforms.ts';
import { SHOPIFY_SECRET } from '../../helpers/shopify.ts';

const SIGNED = new Set(['shopify', 'woocommerce', 'stripe', 'mautic', 'paypal', 'clinchpad', 'generic']);
const headerNames = ['content-type', 'x-shopify-hmac-sha256', 'x-shopify-topic', 'x-wc-webhook-signature', 'x-wc-webhook-topic', 'stripe-signature', 'webhook-signature', 'paypal-transmission-id', 'paypal-transmission-sig', 'x-signature', 'x-shopify-event-id'];
const contentTypes = ['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream', 'application/vnd.api+json', 'multipart/form-data; boundary=x'];

const request = fc.record({
  source: fc.constantFrom(...SOURCE_IDS),
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'HEAD'),
  contentType: fc.option(fc.constantFrom(...contentTypes), { nil: undefined }),
  headers: fc.dictionary(fc.constantFrom(...headerNames.slice(1)), fc.oneof(fc.string({ maxLength: 80 }), fc.base64String({ maxLength: 64 }), fc.stringMatching(/^t=\d{1,10},v1=[0-9a-f]{0,64}$/))),
  body: fc.oneof(
    fc.json({ maxDepth: 3 }),
    fc.string({ maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.constantFrom('webhook_id=3', 'type=subscribe&data[email]=a@b.c', '{"activity":{"_id":"x","type":"lead:created"},"lead":{"_id":"l"}}', '{"mautic.lead_post_save_new":[{"contact":{"id":1}}]}', '{"id":"evt_1","type":"checkout.session.completed","data":{"object":{}}}'),
  ),
});

describe('every source route under random input', () => {
  it('answers 2xx or a clear 4xx, never 5xx, and never runs a recipe for an unsigned delivery to a signed source', async () => {
    const { engine, webhooks } = await startEngine({
      sources: {
        shopify: { secret: SHOPIFY_SECRET },
        woocommerce: { secret: SECRETS.woocommerce },
        stripe: { secret: SECRETS.stripe },
        mautic: { secret: SECRETS.mautic },
        clinchpad: { handshakeKey: 'hk_property' },
        generic: { secret: SECRETS.generic, signatureHeader: 'x-signature' },
        paypal: { webhookId: 'W', clientId: 'c', clientSecret: 's', apiBaseUrl: 'http://127.0.0.1:9' },
      },
      paused: true,
      recipes: ['shopify-order-email', 'woocommerce-order-email', 'stripe-payment-email', 'paypal-payment-email', 'mailchimp-subscriber-email', 'mautic-contact-email', 'generic-email', 'clinchpad-lead-email'].map((recipe) => ({ recipe, settings: { to: ['t@example.com'] } })),
    });
    const { app, db } = engine.state;
    const runsFor = (source: string) => (db.prepare('SELECT COUNT(*) AS n FROM runs r JOIN events e ON e.id = r.event_id WHERE e.source = ?').get(source) as { n: number }).n;
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = { ...r.headers, ...(r.contentType ? { 'content-type': r.contentType } : {}) };
        const res = await app.inject({ method: r.method as 'POST', url: new URL(webhooks[r.source]).pathname, headers, ...(r.method === 'GET' || r.method === 'HEAD' ? {} : { payload: r.body }) });
        seen.add(res.statusCode);
        expect(res.statusCode, `${r.method} ${r.source}: ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400 && r.method !== 'HEAD') {
          const answer = res.json() as { error?: string; message?: string };
          expect(typeof answer.error).toBe('string');
          expect(answer.message?.length ?? 0).toBeGreaterThan(10);
        }
      }),
      { numRuns: 800, seed: 20261123 },
    );
    for (const source of SIGNED) expect(runsFor(source), `runs for ${source}`).toBe(0);
    expect([...seen].some((s) => s >= 400)).toBe(true);
  }, 120_000);
});
