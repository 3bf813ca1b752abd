import { describe, expect, it } from 'vitest';
import { PAYLOAD_LIMITS, payloadShapeProblem } from '../../shared/payload-limits.ts';
import { SOURCE_IDS } from '../../shared/sources.ts';
import { startEngine } from '../helpers/engine.ts';
import { SECRETS, stripeSignature } from '../helpers/platforms.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';

const JSON_TYPE = { 'content-type': 'application/json' };
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };

/** `{"a": [[[…1…]]]}`: `depth` levels of objects and arrays in all. */
const deepJson = (depth: number) => `{"a":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`;
/** `data[x][a][a]…=1`, as PHP-style form keys nest (Mailchimp, WordPress). */
const deepForm = (depth: number) => `type=subscribe&data[email]=a@example.com&data[x]${'[a]'.repeat(depth)}=1`;
const manyKeysJson = (n: number) => `{${Array.from({ length: n }, (_, i) => `"${i.toString(36)}":1`).join(',')}}`;
const manyKeysForm = (n: number) => Array.from({ length: n }, (_, i) => `${i.toString(36)}=1`).join('&');

describe('intake limits on the shape of a body', () => {
  it('measures depth and values without recursing, and stops at the first limit passed', () => {
    expect(payloadShapeProblem(JSON.parse(deepJson(PAYLOAD_LIMITS.depth)))).toBeUndefined();
    expect(payloadShapeProblem(JSON.parse(deepJson(PAYLOAD_LIMITS.depth + 1)))).toEqual({ limit: 'depth', max: PAYLOAD_LIMITS.depth });
    expect(payloadShapeProblem(JSON.parse(deepJson(1_000_000)))).toEqual({ limit: 'depth', max: PAYLOAD_LIMITS.depth });
    expect(payloadShapeProblem(JSON.parse(manyKeysJson(PAYLOAD_LIMITS.values)))).toBeUndefined();
    expect(payloadShapeProblem(JSON.parse(manyKeysJson(PAYLOAD_LIMITS.values + 1)))).toEqual({ limit: 'values', max: PAYLOAD_LIMITS.values });
    expect(payloadShapeProblem('text')).toBeUndefined();
  });

  it('refuses a body past them from every platform, signed or not, stores nothing, and keeps every recipe running', async () => {
    const smtp = await startSmtp();
    const { engine, webhooks } = await startEngine({
      sources: { shopify: { secret: SHOPIFY_SECRET }, stripe: { secret: SECRETS.stripe } },
      smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
      recipes: [
        { recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } },
        { recipe: 'mailchimp-subscriber-email', settings: { to: ['team@example.com'] } },
      ],
    });
    const { app, db } = engine.state;
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const post = (source: string, payload: string, headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: new URL(webhooks[source as 'shopify']!).pathname, headers, payload });

    const bodies: [string, string, Record<string, string>, number, string][] = [
      ['JSON nested 5,000 deep', deepJson(5000), JSON_TYPE, 400, 'body_too_deep'],
      ['JSON nested 100,000 deep', deepJson(100_000), JSON_TYPE, 400, 'body_too_deep'],
      ['a form key nested 1,800 deep', deepForm(1800), FORM_TYPE, 400, 'body_too_deep'],
      ['JSON with 120,000 keys', manyKeysJson(120_000), JSON_TYPE, 413, 'body_too_many_values'],
      ['a form with 120,000 fields', manyKeysForm(120_000), FORM_TYPE, 413, 'body_too_many_values'],
    ];
    for (const source of SOURCE_IDS) {
      // Every platform for the nesting; the costly wide bodies (a megabyte each) for a JSON and a form platform.
      for (const [what, body, type, status, code] of bodies.filter((b) => b[4] === 'body_too_deep' || source === 'shopify' || source === 'generic')) {
        // Signed with the right key where the platform signs: a signature does not lift the limits.
        const signed = source === 'shopify' ? shopifyHeaders(body) : source === 'stripe' ? { 'stripe-signature': stripeSignature(body) } : {};
        const res = await post(source, body, { ...signed, ...type });
        // A JSON-only platform refuses a form body as malformed before its shape is looked at.
        if (res.json<{ error: string }>().error === 'malformed_body') continue;
        expect({ source, what, status: res.statusCode, code: res.json<{ error: string }>().error }).toEqual({ source, what, status, code });
        expect(res.json<{ message: string }>().message).toMatch(
          status === 400 ? /more than 64 levels deep; Hooktray accepts at most 64/ : /more than 100,000 values; Hooktray accepts at most 100,000/,
        );
      }
    }
    expect(count('deliveries')).toBe(0);
    expect((await engine.api['rejections.list']({ limit: 500 })).filter((r) => r.code === 'body_too_deep').length).toBeGreaterThanOrEqual(
      SOURCE_IDS.length * 2,
    );

    // Everything after still runs.
    const order = JSON.stringify(shopifyOrder(7));
    expect((await post('shopify', order, shopifyHeaders(order))).statusCode).toBe(200);
    await smtp.waitFor(1);
    expect(smtp.mails[0]!.subject).toContain('#1007');
  }, 90_000);
});
