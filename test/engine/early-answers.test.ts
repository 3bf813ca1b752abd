import { connect } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { LINGER } from '../../electron/engine/server/lingering-close.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { slowUpload } from '../helpers/slow-upload.ts';
import { waitUntil } from '../helpers/wait.ts';

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
    const socket = connect(Number(url.port), '127.0.0.1');
    onTestFinished(() => void socket.destroy());
    let answer = '';
    let closed = false;
    socket
      .on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')))
      .on('error', () => {})
      .on('close', () => (closed = true));
    socket.write(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${1024 ** 3}\r\n\r\n`);
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    let sent = 0;
    for (; !closed && sent < 8 * LINGER.bytes; sent += chunk.length) {
      if (!socket.write(chunk))
        await new Promise((resolve) => {
          socket.once('drain', resolve);
          socket.once('close', resolve);
        });
    }
    await waitUntil(() => closed, 'the webhook listener to hang up on the endless sender');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(sent).toBeLessThan(8 * LINGER.bytes);
  });
});
