import { describe, expect, it } from 'vitest';
import { LINGER } from '../../electron/engine/server/lingering-close.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { endlessUpload, slowUpload } from '../helpers/slow-upload.ts';

const BODY_LIMIT = 64 * 1024;

describe('an answer given before the body has arrived', () => {
  it('is read by a sender still writing (never a reset), whatever the refusal', async () => {
    const { webhooks } = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } }, server: { bodyLimit: BODY_LIMIT } });
    const url = new URL(webhooks.shopify!);
    const port = Number(url.port);
    const cases = [
      { what: 'declared too large', path: url.pathname, chunked: false, status: 413, code: 'body_too_large' },
      { what: 'found too large while streaming', path: url.pathname, chunked: true, status: 413, code: 'body_too_large' },
      { what: 'too large, to an address that does not exist', path: '/upload', chunked: false, status: 413, code: 'body_too_large' },
    ];
    for (const { what, path, chunked, status, code } of cases) {
      for (let round = 0; round < 6; round++) {
        const outcome = await slowUpload(port, { path, bytes: 1024 * 1024, chunked });
        const seen = 'status' in outcome ? { status: outcome.status, code: (JSON.parse(outcome.body) as { error: string }).error } : outcome;
        expect({ what, round, ...seen }).toEqual({ what, round, status, code });
      }
    }
    // Deliveries go on being taken.
    const order = JSON.stringify(shopifyOrder(1));
    const accepted = await fetch(url, { method: 'POST', headers: { ...shopifyHeaders(order), 'content-type': 'application/json' }, body: order });
    expect(accepted.status).toBe(200);
  });

  it('does not keep a sender that goes on writing far past the limit', async () => {
    const { webhooks } = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } }, server: { bodyLimit: BODY_LIMIT } });
    const url = new URL(webhooks.shopify!);
    const { answer, sent } = await endlessUpload(Number(url.port), url.pathname, url.host, 8 * LINGER.bytes);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(sent).toBeLessThan(8 * LINGER.bytes);
  });
});
