import { describe, expect, it } from 'vitest';
import { relaySignature } from '../../electron/engine/tunnel/relay-signature.ts';
import { startEngine } from '../helpers/engine.ts';
import { SECRETS, stripeCheckout, stripeSignature } from '../helpers/platforms.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';

const NAME_KEY = 'K'.repeat(19) + 'relay-name-key-for-tests';
const TEN_MINUTES = 10 * 60_000;

/** As our relay hands a kept delivery over: the original request plus its receive time, signed with the name key. */
function relayed(url: string, headers: Record<string, string>, body: string, relayedAt: Date, key = NAME_KEY) {
  const path = new URL(url).pathname;
  const at = relayedAt.toISOString();
  return fetch(url, {
    method: 'POST',
    headers: { ...headers, 'x-hooktray-relayed-at': at, 'x-hooktray-relay-signature': relaySignature(key, at, 'POST', path, Buffer.from(body)) },
    body,
  });
}

const tunnel = { provider: 'none' as const, host: 'http://127.0.0.1:9', nameKeys: { 'http://127.0.0.1:9/my-shop': NAME_KEY } };

describe('deliveries our relay kept and handed over (issue 14)', () => {
  it('counts the relay’s receive time for Stripe’s 5-minute window only under a valid relay signature; a forged X-Hooktray-Relayed-At changes nothing', async () => {
    // This computer comes back 10 minutes after Stripe signed (and the relay received) the payment.
    const signedAt = Date.now();
    const { engine, webhooks } = await startEngine({ sources: { stripe: { secret: SECRETS.stripe } }, tunnel }, { now: () => Date.now() + TEN_MINUTES });
    const body = JSON.stringify(stripeCheckout('evt_relayed_1'));
    const headers = { 'content-type': 'application/json', 'stripe-signature': stripeSignature(body, SECRETS.stripe, Math.floor(signedAt / 1000)) };

    const forged = await fetch(webhooks.stripe!, {
      method: 'POST',
      headers: { ...headers, 'x-hooktray-relayed-at': new Date(signedAt).toISOString(), 'x-hooktray-relay-signature': `v1=${'0'.repeat(64)}` },
      body,
    });
    expect(forged.status).toBe(401);
    expect((await forged.json()) as { error: string }).toMatchObject({ error: 'stale_timestamp' });
    const otherKey = await relayed(webhooks.stripe!, headers, body, new Date(signedAt), 'O'.repeat(43));
    expect(otherKey.status).toBe(401);
    // Forgeries are not kept whole for Accept again: only the relay's own deliveries are.
    expect(await engine.api['relayed.refused']({})).toEqual([]);

    const genuine = await relayed(webhooks.stripe!, headers, body, new Date(signedAt + 1000));
    expect(genuine.status).toBe(200);
    const row = engine.state.db.prepare('SELECT origin, received_at FROM deliveries').get() as { origin: string; received_at: number };
    expect(row).toEqual({ origin: 'relay', received_at: signedAt + 1000 });
    // Handed over twice (the relay crashed before deleting it): stored once.
    expect(await (await relayed(webhooks.stripe!, headers, body, new Date(signedAt + 1000))).json()).toMatchObject({ ok: true, duplicate: true });
  });

  it('keeps a refused relayed delivery whole, and Accept again runs it once the signing key is fixed', async () => {
    const { engine, webhooks } = await startEngine({
      sources: { shopify: { secret: 'the-wrong-key-all-weekend' } },
      tunnel,
      recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
      paused: true,
    });
    const order = shopifyOrder(42, { note: 'x'.repeat(3000) });
    const body = JSON.stringify(order);
    const receivedAt = new Date(Date.now() - 3 * 86_400_000);
    const refused = await relayed(webhooks.shopify!, shopifyHeaders(body), body, receivedAt);
    expect(refused.status).toBe(401);
    const [kept] = await engine.api['relayed.refused']({});
    expect(kept).toMatchObject({ source: 'shopify', code: 'bad_signature', receivedAt: receivedAt.toISOString(), bytes: Buffer.byteLength(body) });
    expect(kept!.bytes).toBeGreaterThan(512);

    // A whole weekend of them from the relay: none throttled (429), every one kept for Accept again.
    const more = [];
    for (let n = 1; n <= 40; n++) {
      const other = JSON.stringify(shopifyOrder(100 + n));
      more.push((await relayed(webhooks.shopify!, shopifyHeaders(other), other, new Date(receivedAt.getTime() + n * 60_000))).status);
    }
    expect(new Set(more)).toEqual(new Set([401]));
    expect(await engine.api['relayed.refused']({})).toHaveLength(41);

    const stillWrong = await engine.api['relayed.acceptAgain']({ id: kept!.id });
    expect(stillWrong).toMatchObject({ accepted: false, message: expect.stringMatching(/^Still refused: Shopify signature did not match/) });
    expect(await engine.api['relayed.refused']({})).toHaveLength(41);

    await engine.api['settings.update']({ sources: { shopify: { secret: SHOPIFY_SECRET } } });
    expect(await engine.api['relayed.acceptAgain']({ id: kept!.id })).toEqual({ accepted: true, message: 'Accepted: 1 recipe run was started.', runs: 1 });
    expect(await engine.api['relayed.refused']({})).toHaveLength(40);
    const stored = engine.state.db.prepare('SELECT origin, received_at, body FROM deliveries').get() as {
      origin: string;
      received_at: number;
      body: Uint8Array;
    };
    expect({ ...stored, body: Buffer.from(stored.body).toString() }).toEqual({ origin: 'relay', received_at: receivedAt.getTime(), body });
    await expect(engine.api['relayed.acceptAgain']({ id: kept!.id })).rejects.toThrow(/no longer kept/);
  });

  it('says on Home what the relay kept during the time away and what became of it', async () => {
    const { engine, webhooks } = await startEngine({
      sources: { shopify: { secret: SHOPIFY_SECRET }, stripe: { secret: 'whsec_wrong' } },
      tunnel,
      paused: true,
    });
    const away = { from: new Date(2026, 10, 20, 18, 2).getTime(), to: new Date(2026, 10, 23, 8, 40).getTime() };
    engine.state.catchUp.periods.record(away.from, away.to, 'Hooktray was not running');
    for (let n = 1; n <= 3; n++) {
      const body = JSON.stringify(shopifyOrder(n));
      expect((await relayed(webhooks.shopify!, shopifyHeaders(body), body, new Date(away.from + n * 3_600_000))).status).toBe(200);
    }
    let summary = await engine.api['offline.summary']({});
    expect(summary?.relay).toBe('Your relay kept 3 deliveries while this computer was away (Fri 18:02 – Mon 08:40); all were handed over and ran.');
    const body = JSON.stringify(stripeCheckout('evt_weekend'));
    await relayed(
      webhooks.stripe!,
      { 'content-type': 'application/json', 'stripe-signature': stripeSignature(body, SECRETS.stripe, Math.floor((away.from + 7_200_000) / 1000)) },
      body,
      new Date(away.from + 7_200_000),
    );
    summary = await engine.api['offline.summary']({});
    expect(summary?.relay).toBe(
      'Your relay kept 4 deliveries while this computer was away (Fri 18:02 – Mon 08:40); 3 were handed over, 1 was refused: fix the cause, then use "Accept again" in Activity.',
    );
  });
});
