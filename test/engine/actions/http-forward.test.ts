import { describe, expect, it } from 'vitest';
import type { ActionError } from '../../../electron/engine/actions/action.ts';
import { httpForward, signBody } from '../../../electron/engine/actions/http-forward.ts';
import { runAction, INSTALL_ID } from '../../helpers/destinations/action-context.ts';
import { startReceiver, verify } from '../../helpers/destinations/receiver.ts';

const SECRET = 'whsec-0123456789abcdef';
const recipe = 'any-event-http-forward';

describe('HTTP forward', () => {
  it('POSTs the normalised event, signed so the receiver can verify it, with a delivery id stable across attempts', async () => {
    const rx = await startReceiver(SECRET);
    await runAction(httpForward, { url: rx.hookUrl, secret: SECRET, headers: { authorization: 'Bearer abc' } }, { recipe, runId: 7 });
    await runAction(httpForward, { url: rx.hookUrl, secret: SECRET }, { recipe, runId: 7, attempt: 2 });
    expect(rx.accepted).toHaveLength(2);
    const [first, second] = rx.accepted;
    expect(first!.json).toMatchObject({
      id: `${INSTALL_ID}:7`,
      type: 'order.created',
      source: 'shopify',
      order: { number: '#1001', total: '49.90' },
      person: { email: 'jane.example@example.com' },
      test: false,
    });
    expect(first!.headers['x-hooktray-delivery']).toBe(second!.headers['x-hooktray-delivery']);
    expect(first!.headers).toMatchObject({ 'x-hooktray-event': 'order.created', 'x-hooktray-source': 'shopify', authorization: 'Bearer abc' });
  });

  it('the receiver refuses a wrong secret (401, permanent) and a tampered body', async () => {
    const rx = await startReceiver(SECRET);
    const error = (await runAction(httpForward, { url: rx.hookUrl, secret: 'another-secret-of-16+' }, { recipe }).catch((e: unknown) => e)) as ActionError;
    expect([error.kind, error.message]).toEqual(['permanent', expect.stringMatching(/^The receiver refused us: check the secret/)]);
    const t = Math.floor(Date.now() / 1000);
    const header = signBody(SECRET, '{"a":1}', t);
    expect(verify(SECRET, '{"a":1}', header)).toBe(true);
    expect(verify(SECRET, '{"a":2}', header)).toBe(false);
    expect(verify(SECRET, '{"a":1}', signBody(SECRET, '{"a":1}', t - 600))).toBe(false);
  });

  it('sends the platform payload as is in raw mode; 5xx and 429 are transient', async () => {
    const rx = await startReceiver(undefined);
    await runAction(httpForward, { url: rx.hookUrl, payload: 'raw' }, { recipe });
    expect(rx.accepted[0]!.json).toMatchObject({ id: 5_500_000_001, name: '#1001', total_price: '49.90' });
    expect(rx.accepted[0]!.headers['x-hooktray-signature']).toBeUndefined();
    rx.inject({ status: 503, body: 'busy' });
    expect(((await runAction(httpForward, { url: rx.hookUrl }, { recipe }).catch((e: unknown) => e)) as ActionError).kind).toBe('transient');
    rx.inject({ status: 429, headers: { 'retry-after': '5' } });
    expect(((await runAction(httpForward, { url: rx.hookUrl }, { recipe }).catch((e: unknown) => e)) as ActionError).retryAfterMs).toBe(5000);
  });
});
