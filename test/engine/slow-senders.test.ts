import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';

/** A client that sends headers promising a big body, then one byte, then nothing: resolves with what the server answered and when it closed. */
function trickle(url: URL): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
    socket.write(`POST ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{`);
  });
}

describe('a sender that trickles its body', () => {
  it('is cut off with 408 after server.requestTimeoutMs, and genuine deliveries go through meanwhile', async () => {
    const { webhooks } = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } }, paused: true, server: { requestTimeoutMs: 1500 } });
    const url = new URL(webhooks.shopify);
    const slow = Array.from({ length: 20 }, () => trickle(url));
    const body = JSON.stringify(shopifyOrder(1));
    expect((await fetch(url, { method: 'POST', headers: shopifyHeaders(body), body })).status).toBe(200);
    for (const { answer, ms } of await Promise.all(slow)) {
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      // Cut off soon after the bound, not after Node's default checks (30 s and more).
      expect(ms).toBeLessThan(15_000);
    }
  });
});
