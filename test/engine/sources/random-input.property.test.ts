import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SOURCE_IDS } from '../../../shared/sources.ts';
import { startEngine } from '../../helpers/engine.ts';
import { SECRETS } from '../../helpers/platforms.ts';
import { SHOPIFY_SECRET } from '../../helpers/shopify.ts';

const SIGNED = new Set(['shopify', 'woocommerce', 'stripe', 'mautic', 'paypal', 'clinchpad', 'generic']);
const headerNames = [
  'x-shopify-hmac-sha256',
  'x-shopify-topic',
  'x-wc-webhook-signature',
  'x-wc-webhook-topic',
  'stripe-signature',
  'webhook-signature',
  'x-signature',
  'x-shopify-event-id',
  'x-origin-base-url',
  'x-wc-webhook-source',
];
const contentTypes = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/octet-stream',
  'application/vnd.api+json',
  'multipart/form-data; boundary=x',
];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Mostly of the shape PayPal sends, sometimes random or empty (an empty header counts as missing). */
const likely = (valid: fc.Arbitrary<string>, invalid: fc.Arbitrary<string>) =>
  fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: invalid, weight: 1 }, { arbitrary: fc.constant(''), weight: 1 });

/**
 * All five PayPal headers, so that some requests pass every check Hooktray makes itself and reach
 * PayPal's (here unreachable) API. Times keep clear of the window's edges (4 days back, 1 hour
 * ahead), which the engine's clock below drifts past by about an hour over the run.
 */
const paypalHeaders = fc.record({
  'paypal-transmission-id': likely(fc.uuid(), fc.string({ maxLength: 40 })),
  'paypal-transmission-time': likely(
    fc.constantFrom(-2 * DAY, -MINUTE, 0, 10 * MINUTE).map((offset) => new Date(Date.now() + offset).toISOString()),
    fc.oneof(
      fc.constantFrom(-5 * DAY, 5 * HOUR).map((offset) => new Date(Date.now() + offset).toISOString()),
      fc.string({ maxLength: 30 }),
    ),
  ),
  'paypal-transmission-sig': likely(fc.base64String({ minLength: 4, maxLength: 64 }), fc.string({ maxLength: 40 })),
  'paypal-cert-url': likely(
    fc.constantFrom('https://api.paypal.com/v1/notifications/certs/CERT-1', 'https://api.sandbox.paypal.com/v1/notifications/certs/C'),
    fc.oneof(
      fc.constantFrom('http://api.paypal.com/c', 'https://paypal.com.evil.example/c', 'https://evilpaypal.com/c', 'javascript:alert(1)'),
      fc.webUrl(),
      fc.string({ maxLength: 40 }),
    ),
  ),
  'paypal-auth-algo': likely(fc.constant('SHA256withRSA'), fc.oneof(fc.constantFrom('sha256withrsa', 'none', 'HS256'), fc.string({ maxLength: 20 }))),
});

const paypalEvent = fc
  .record({
    id: fc.stringMatching(/^WH-[A-Z0-9]{1,12}$/),
    event_type: fc.constantFrom('PAYMENT.CAPTURE.COMPLETED', 'CHECKOUT.ORDER.APPROVED', 'SOMETHING.ELSE'),
    resource: fc.jsonValue({ maxDepth: 2 }),
  })
  .map((event) => JSON.stringify(event));

const anyBody = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.constantFrom(
    'webhook_id=3',
    'type=subscribe&data[email]=a@b.c',
    '{"activity":{"_id":"x","type":"lead:created"},"lead":{"_id":"l"}}',
    '{"mautic.lead_post_save_new":[{"contact":{"id":1}}]}',
    '{"id":"evt_1","type":"checkout.session.completed","data":{"object":{}}}',
  ),
);

const request = fc.constantFrom(...SOURCE_IDS).chain((source) =>
  fc.record({
    source: fc.constant(source),
    method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'HEAD'),
    contentType: fc.option(fc.constantFrom(...contentTypes), { nil: undefined }),
    headers: fc.dictionary(
      fc.constantFrom(...headerNames),
      fc.oneof(fc.string({ maxLength: 80 }), fc.base64String({ maxLength: 64 }), fc.stringMatching(/^t=\d{1,10},v1=[0-9a-f]{0,64}$/)),
    ),
    paypal: paypalHeaders,
    body: source === 'paypal' ? fc.oneof({ arbitrary: paypalEvent, weight: 3 }, { arbitrary: anyBody, weight: 1 }) : anyBody,
  }),
);

/** Non-empty text or a number, as the sources read an id. */
const present = (value: unknown) => (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));

/** The checks PayPal's source makes before it asks PayPal (README, "Platforms"): only requests passing them may get 503. */
function passesPayPalLocalChecks(headers: Record<string, string>, body: string): boolean {
  const names = ['paypal-transmission-id', 'paypal-transmission-time', 'paypal-transmission-sig', 'paypal-cert-url', 'paypal-auth-algo'];
  if (!names.every((n) => headers[n])) return false;
  if (headers['paypal-auth-algo'] !== 'SHA256withRSA') return false;
  let cert: URL;
  try {
    cert = new URL(headers['paypal-cert-url']!);
  } catch {
    return false;
  }
  if (cert.protocol !== 'https:' || !cert.hostname.endsWith('.paypal.com')) return false;
  const sentAt = Date.parse(headers['paypal-transmission-time']!);
  if (!Number.isFinite(sentAt) || sentAt < Date.now() - 4 * DAY || sentAt > Date.now() + HOUR) return false;
  try {
    const event = JSON.parse(body) as Record<string, unknown> | null;
    return event !== null && typeof event === 'object' && !Array.isArray(event) && present(event.id) && present(event.event_type);
  } catch {
    return false;
  }
}

describe('every source route under random input', () => {
  // Allowed: 2xx, or a 4xx with a code and a sentence. The one 5xx allowed is PayPal's 503
  // verification_unavailable, and only for a request that passed every check Hooktray can make
  // itself: PayPal's API is unreachable here, and only PayPal could tell such a request apart.
  it('answers 2xx or a clear 4xx (503 only for PayPal it could not ask), and never runs a recipe for an unsigned delivery to a signed source', async () => {
    // The engine's clock moves a second per reading, so failure budgets refill and most requests
    // reach the sources instead of the throttle's 429.
    let clock = Date.now();
    const { engine, webhooks } = await startEngine(
      {
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
        recipes: [
          'shopify-order-email',
          'woocommerce-order-email',
          'stripe-payment-email',
          'paypal-payment-email',
          'mailchimp-subscriber-email',
          'mautic-contact-email',
          'generic-email',
          'clinchpad-lead-email',
        ].map((recipe) => ({ recipe, settings: { to: ['t@example.com'] } })),
      },
      { now: () => (clock += 1000) },
    );
    const { app, db } = engine.state;
    const runsFor = (source: string) =>
      (db.prepare('SELECT COUNT(*) AS n FROM runs r JOIN events e ON e.id = r.event_id WHERE e.source = ?').get(source) as { n: number }).n;
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {
          ...r.headers,
          ...(r.source === 'paypal' ? r.paypal : {}),
          ...(r.contentType ? { 'content-type': r.contentType } : {}),
        };
        const res = await app.inject({
          method: r.method as 'POST',
          url: new URL(webhooks[r.source]).pathname,
          headers,
          ...(r.method === 'GET' || r.method === 'HEAD' ? {} : { payload: r.body }),
        });
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode === 503) {
          expect(r.source, res.body).toBe('paypal');
          expect(res.json()).toMatchObject({ error: 'verification_unavailable' });
          expect(passesPayPalLocalChecks(headers, r.body), JSON.stringify(headers)).toBe(true);
        } else {
          expect(res.statusCode, `${r.method} ${r.source}: ${res.body}`).toBeLessThan(500);
        }
        if (res.statusCode >= 400 && r.method !== 'HEAD') {
          const answer = res.json() as { error?: string; message?: string };
          expect(typeof answer.error).toBe('string');
          expect(answer.message?.length ?? 0).toBeGreaterThan(10);
        }
      }),
      { numRuns: 800, seed: 20261123 },
    );
    for (const source of SIGNED) expect(runsFor(source), `runs for ${source}`).toBe(0);
    // The run reached the sources (refusals of their own, not only 429s) and PayPal's 503 path.
    expect(seen.get(401) ?? 0).toBeGreaterThan(100);
    expect(seen.get(503) ?? 0).toBeGreaterThan(0);
    expect(seen.get(429) ?? 0).toBeLessThan(100);
  }, 120_000);
});
