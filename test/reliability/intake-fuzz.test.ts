import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SOURCE_IDS, type SourceId } from '../../shared/sources.ts';
import { startEngine } from '../helpers/engine.ts';
import { FRESHDESK_SECRET, mailchimpForm, mauticBatch, SECRETS, stripeCheckout, wooOrder, ZENDESK_SECRET, zendeskTicket } from '../helpers/platforms.ts';
import { prng, type Prng } from '../helpers/prng.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { waitUntil } from '../helpers/wait.ts';

const PER_SOURCE = 200;
const SEED = 20261202;

interface Generated {
  what: string;
  body: Buffer;
  contentType: string;
}

/** Objects and arrays inside one another, `depth` levels, in a random mix. */
function nestedJson(r: Prng, depth: number): string {
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < depth; i++) {
    if (r.next() < 0.5) {
      open.push('[');
      close.push(']');
    } else {
      open.push(`{"k${i % 7}":`);
      close.push('}');
    }
  }
  return `${open.join('')}${r.pick(['1', '"x"', 'null', '{}', '[]'])}${close.reverse().join('')}`;
}

/** A PHP-style form key nested `depth` levels (`data[a][b][]…`), as Mailchimp and WordPress nest them. */
function nestedForm(r: Prng, depth: number): string {
  const parts = Array.from({ length: depth }, () => r.pick(['[a]', '[b]', '[]', '[0]', '[merges]']));
  return `type=subscribe&data[email]=fuzz@example.com&data${parts.join('')}=1`;
}

const manyKeysJson = (n: number) => `{${Array.from({ length: n }, (_, i) => `"${i.toString(36)}":${i % 10}`).join(',')}}`;
const manyKeysForm = (n: number) => Array.from({ length: n }, (_, i) => `${i.toString(36)}=${i % 10}`).join('&');

/** Bodies that are odd in their bytes or their JSON rather than their shape. */
function oddEncoding(r: Prng): Generated {
  const json = 'application/json';
  const cases: (() => Generated)[] = [
    () => ({
      what: 'invalid UTF-8 inside a string',
      body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]),
      contentType: json,
    }),
    () => ({ what: 'a lone surrogate', body: Buffer.from('{"name":"\\ud800","email":"\\udfff@x"}'), contentType: json }),
    () => ({ what: 'a byte-order mark', body: Buffer.from('\ufeff{"id":1}'), contentType: json }),
    () => ({ what: 'UTF-16LE', body: Buffer.from('{"id":1,"email":"a@b.c"}', 'utf16le'), contentType: 'application/json; charset=utf-16' }),
    () => ({ what: 'NUL bytes', body: Buffer.from('{"id":"\u0000","note":"a\u0000b"}'), contentType: json }),
    () => ({ what: 'a number out of range', body: Buffer.from('{"id":1e400,"total_price":-1e400,"amount":1e-400}'), contentType: json }),
    () => ({
      what: 'duplicate and prototype keys',
      body: Buffer.from('{"id":1,"id":2,"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}'),
      contentType: json,
    }),
    () => ({ what: 'a top-level scalar', body: Buffer.from(r.pick(['null', '0', '"text"', 'true', '[]', '{}'])), contentType: json }),
    () => ({ what: 'a long string', body: Buffer.from(`{"note":"${'x'.repeat(200_000 + r.int(300_000))}"}`), contentType: json }),
    () => ({ what: 'wide and shallow', body: Buffer.from(`[${Array.from({ length: 5000 }, () => '[]').join(',')}]`), contentType: json }),
    () => ({
      what: 'a form with odd escapes',
      body: Buffer.from('type=subscribe&data[email]=%E0%A4%A&data[%00]=%FF&&=&data[]]=1&[[=2'),
      contentType: 'application/x-www-form-urlencoded',
    }),
    () => ({
      what: 'random bytes',
      body: Buffer.from(Array.from({ length: 1 + r.int(2048) }, () => r.int(256))),
      contentType: r.pick([json, 'application/x-www-form-urlencoded', 'text/plain', '']),
    }),
  ];
  return r.pick(cases)();
}

/** A delivery of the platform's own shape, sometimes with fields of the wrong type: stored, and its recipe runs. */
function plausible(r: Prng, source: SourceId, n: number): Generated {
  const json = (value: unknown): Generated => ({ what: 'a plausible delivery', body: Buffer.from(JSON.stringify(value)), contentType: 'application/json' });
  const odd = () => r.pick<unknown>([null, 0, '', [], {}, 'x'.repeat(300), -1, true]);
  switch (source) {
    case 'shopify':
      return json(shopifyOrder(n, r.next() < 0.5 ? {} : { [r.pick(['customer', 'line_items', 'total_price', 'name', 'currency'])]: odd() }));
    case 'woocommerce':
      return json(wooOrder(n, r.next() < 0.5 ? {} : { [r.pick(['billing', 'line_items', 'total', 'number'])]: odd() }));
    case 'stripe':
      return json(stripeCheckout(`evt_fuzz_${n}`, r.next() < 0.5 ? {} : { data: r.pick([{ object: odd() }, odd()]) }));
    case 'mautic':
      return json(mauticBatch([n]));
    case 'mailchimp':
      return {
        what: 'a plausible delivery',
        body: Buffer.from(mailchimpForm('subscribe', `fuzz${n}@example.com`)),
        contentType: 'application/x-www-form-urlencoded',
      };
    case 'clinchpad':
      return json({
        activity: { _id: `act${n}`, type: 'lead:created' },
        lead: { _id: `lead${n}`, name: r.pick(['Acme', odd()]), contacts: r.pick([[], odd()]) },
      });
    case 'zendesk':
    case 'freshdesk':
      return json(
        zendeskTicket(n, r.pick(['ticket.created', 'ticket.updated']), r.next() < 0.5 ? {} : { [r.pick(['requester', 'subject', 'link', 'id'])]: odd() }),
      );
    case 'form':
      return {
        what: 'a plausible delivery',
        body: Buffer.from(new URLSearchParams({ name: r.pick(['Ada', '']), email: `fuzz${n}@example.com`, message: 'x'.repeat(r.int(500)) }).toString()),
        contentType: 'application/x-www-form-urlencoded',
      };
    default:
      return json({ event: 'contact.created', email: `fuzz${n}@example.com`, name: r.pick(['Ada', odd()]), data: r.pick([{}, odd()]) });
  }
}

function generate(r: Prng, source: SourceId, n: number): Generated {
  const roll = r.next();
  const json = 'application/json';
  if (roll < 0.25) {
    const depth = r.next() < 0.05 ? 100_000 : 1 + r.int(3000);
    return { what: `JSON nested ${depth} deep`, body: Buffer.from(nestedJson(r, depth)), contentType: json };
  }
  if (roll < 0.45) {
    const depth = 1 + r.int(2500);
    return { what: `a form key nested ${depth} deep`, body: Buffer.from(nestedForm(r, depth)), contentType: 'application/x-www-form-urlencoded' };
  }
  // Costly to make and to parse (about a megabyte each), so rarer: around 30 in the run.
  if (roll < 0.47) {
    const keys = 90_000 + r.int(40_000);
    return r.next() < 0.5
      ? { what: `JSON with ${keys} keys`, body: Buffer.from(manyKeysJson(keys)), contentType: json }
      : { what: `a form with ${keys} fields`, body: Buffer.from(manyKeysForm(keys)), contentType: 'application/x-www-form-urlencoded' };
  }
  if (roll < 0.75) return oddEncoding(r);
  return plausible(r, source, n);
}

const hmac = (secret: string, body: Buffer, encoding: 'base64' | 'hex', prefix = '') =>
  createHmac('sha256', secret).update(prefix).update(body).digest(encoding);

/** Signed with the right key where the platform signs: what reaches intake is what the platform itself could send. */
function signedHeaders(source: SourceId, body: Buffer): Record<string, string> {
  switch (source) {
    case 'shopify':
      return {
        'x-shopify-topic': 'orders/create',
        'x-shopify-hmac-sha256': hmac(SHOPIFY_SECRET, body, 'base64'),
        'x-shopify-shop-domain': 'demo-shop.myshopify.com',
        'x-shopify-event-id': randomUUID(),
      };
    case 'woocommerce':
      return {
        'x-wc-webhook-topic': 'order.created',
        'x-wc-webhook-signature': hmac(SECRETS.woocommerce, body, 'base64'),
        'x-wc-webhook-source': 'https://shop.example/',
      };
    case 'stripe': {
      const at = Math.floor(Date.now() / 1000);
      return { 'stripe-signature': `t=${at},v1=${hmac(SECRETS.stripe, body, 'hex', `${at}.`)}` };
    }
    case 'mautic':
      return { 'webhook-signature': hmac(SECRETS.mautic, body, 'base64') };
    case 'zendesk': {
      const at = new Date().toISOString();
      return { 'x-zendesk-webhook-signature-timestamp': at, 'x-zendesk-webhook-signature': hmac(ZENDESK_SECRET, body, 'base64', at) };
    }
    case 'freshdesk':
      return { 'x-hooktray-secret': FRESHDESK_SECRET };
    default:
      return {}; // Mailchimp, ClinchPad without a handshake key, a website form, an app without a signature: the address is the only proof
  }
}

function send(url: URL, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': body.length }, timeout: 20_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.pathname}`)));
    req.end(body);
  });
}

describe('generated bodies from every platform', () => {
  it(`${PER_SOURCE} per platform (deep, wide, oddly encoded, plausible) are each answered 2xx or 4xx, and the recipes keep running`, async () => {
    const smtp = await startSmtp();
    const emailRecipes = [
      'shopify-order-email',
      'woocommerce-order-email',
      'stripe-payment-email',
      'mautic-contact-email',
      'mailchimp-subscriber-email',
      'clinchpad-lead-email',
      'generic-email',
    ];
    const { engine, webhooks } = await startEngine({
      sources: {
        shopify: { secret: SHOPIFY_SECRET },
        woocommerce: { secret: SECRETS.woocommerce },
        stripe: { secret: SECRETS.stripe },
        mautic: { secret: SECRETS.mautic },
        zendesk: { secret: ZENDESK_SECRET },
        freshdesk: { secret: FRESHDESK_SECRET },
      },
      smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
      runner: { baseDelayMs: 600_000 },
      recipes: emailRecipes.map((recipe) => ({ recipe, settings: { to: ['team@example.com'] } })),
    });
    const r = prng(SEED);
    const t0 = Date.now();
    const unexpected: string[] = [];
    const statuses = new Map<number, number>();
    for (const source of SOURCE_IDS) {
      const url = new URL(webhooks[source]!);
      for (let i = 0; i < PER_SOURCE; i += 5) {
        const batch = Array.from({ length: 5 }, (_, j) => generate(r, source, i + j));
        const answers = await Promise.all(
          batch.map((g) =>
            send(url, g.body, { ...signedHeaders(source, g.body), ...(g.contentType ? { 'content-type': g.contentType } : {}) }).catch(
              (error: Error) => -1 * (error.message.length || 1),
            ),
          ),
        );
        answers.forEach((status, j) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status < 200 || status >= 500) unexpected.push(`${source}: ${batch[j]!.what} → ${status}`);
        });
      }
    }
    // 429: a client refused too often is not recorded any more, but its body was still parsed and checked.
    console.log(`${Date.now() - t0} ms: intake fuzz (seed ${SEED}): statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(unexpected).toEqual([]);
    // Some of each kind got through, or the fuzz proved little.
    expect(statuses.get(200)).toBeGreaterThan(50);
    expect(statuses.get(400)).toBeGreaterThan(50);

    const orders = Array.from({ length: 20 }, (_, i) => shopifyOrder(1001 + i));
    for (const order of orders) {
      const body = JSON.stringify(order);
      expect(await send(new URL(webhooks.shopify!), Buffer.from(body), shopifyHeaders(body))).toBe(200);
    }
    const names = orders.map((o) => String(o.name));
    await waitUntil(() => names.every((name) => smtp.mails.some((m) => m.subject.includes(name))), 'an email for each of the 20 orders', 180_000);
    // Nothing is left claimed or waiting: every run the fuzz stored has ended (or waits for a retry).
    const db = engine.state.db;
    await waitUntil(
      () => (db.prepare("SELECT COUNT(*) AS n FROM runs WHERE status IN ('queued', 'running')").get() as { n: number }).n === 0,
      'the run queue to drain',
      180_000,
    );
    console.log(`${Date.now() - t0} ms: drained, ${smtp.mails.length} mails`);
  }, 600_000); // 2,200 requests: about a minute on a quiet machine, several on a busy one
});
