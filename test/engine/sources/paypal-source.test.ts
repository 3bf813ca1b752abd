import { describe, expect, it, vi } from 'vitest';
import { startPayPalApi } from '../../helpers/paypal-api.ts';
import { paypalCaptureBody, paypalHeaders } from '../../helpers/platforms.ts';
import { startSourcesEngine as setup } from './sources-engine.ts';

describe('PayPal', () => {
  const credentials = { clientId: 'AZ-client', clientSecret: 'EC-secret', webhookId: 'WH-ID-8' };

  it('accepts a capture PayPal signed, sending PayPal its exact bytes, and refuses forged, tampered and unsigned ones', async () => {
    const api = await startPayPalApi(credentials);
    const { post, count, events } = await setup({ sources: { paypal: { ...credentials, apiBaseUrl: api.baseUrl } } });
    // Indented, with an escaped "é": re-serialised JSON would not be what PayPal signed.
    const body = paypalCaptureBody('WH-1');
    expect((await post('paypal', body, api.transmit(body))).json()).toMatchObject({ runs: 1 });
    expect((await post('paypal', body, api.transmit(body))).json()).toMatchObject({ duplicate: true });
    const forged = await post('paypal', paypalCaptureBody('WH-2'), paypalHeaders('tx-forged'));
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ error: 'bad_signature' });
    const genuine = paypalCaptureBody('WH-3');
    const tampered = await post('paypal', genuine.replace('"19.99"', '"0.01"'), api.transmit(genuine));
    expect(tampered.statusCode).toBe(401);
    expect(tampered.json()).toMatchObject({ error: 'bad_signature' });
    const { 'paypal-transmission-sig': _d, ...unsigned } = api.transmit(genuine);
    expect((await post('paypal', genuine, unsigned)).json()).toMatchObject({ error: 'missing_signature' });
    expect(api.calls.token).toBe(1); // the OAuth token is reused
    expect(events()[0]).toMatchObject({
      type: 'payment.succeeded',
      key: 'capture:CAP-WH-1:payment.succeeded',
      summary: 'Payment of 19.99 EUR from Noa Lévi',
      person: { email: 'noa@example.com' },
    });
    expect(count('runs')).toBe(1);
  });

  it('refuses what cannot be from PayPal before asking PayPal anything', async () => {
    const api = await startPayPalApi(credentials);
    const { post, count } = await setup({ sources: { paypal: { ...credentials, apiBaseUrl: api.baseUrl } } });
    const body = paypalCaptureBody('WH-4');
    const good = paypalHeaders('tx-local');
    const cases: [Record<string, string>, string, string][] = [
      [{ ...good, 'paypal-cert-url': 'http://api.paypal.com/v1/notifications/certs/C' }, 'bad_signature', 'PAYPAL-CERT-URL'],
      [{ ...good, 'paypal-cert-url': 'https://evilpaypal.com/certs/C' }, 'bad_signature', 'PAYPAL-CERT-URL'],
      [{ ...good, 'paypal-cert-url': 'https://api.paypal.com.evil.example/certs/C' }, 'bad_signature', 'PAYPAL-CERT-URL'],
      [{ ...good, 'paypal-cert-url': 'not a url' }, 'bad_signature', 'PAYPAL-CERT-URL'],
      [{ ...good, 'paypal-auth-algo': 'none' }, 'bad_signature', 'SHA256withRSA'],
      [{ ...good, 'paypal-transmission-time': new Date(Date.now() - 5 * 86_400_000).toISOString() }, 'stale_timestamp', 'PAYPAL-TRANSMISSION-TIME'],
      [{ ...good, 'paypal-transmission-time': 'yesterday-ish' }, 'bad_signature', 'PAYPAL-TRANSMISSION-TIME'],
      [Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'paypal-cert-url')), 'missing_signature', 'paypal-cert-url'],
    ];
    for (const [headers, error, named] of cases) {
      const res = await post('paypal', body, headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(res.json()).toMatchObject({ error });
      expect(res.json().message).toContain(named);
    }
    const notAnEvent = await post('paypal', '{"hello":"world"}', good);
    expect([notAnEvent.statusCode, notAnEvent.json().error]).toEqual([400, 'malformed_body']);
    expect(api.calls).toEqual({ token: 0, verify: 0 });
    expect(count('deliveries')).toBe(0);
  });

  it('answers 503 while its API is down without asking it again for each delivery, and accepts once it is back', async () => {
    const api = await startPayPalApi(credentials);
    const { post } = await setup({ sources: { paypal: { ...credentials, apiBaseUrl: api.baseUrl } } });
    api.setDown(true);
    const body = paypalCaptureBody('WH-9');
    const flood = [];
    // Fewer than this client's failure budget (20), so the throttle does not answer instead.
    for (let i = 0; i < 15; i++) flood.push(await post('paypal', body, i % 2 ? api.transmit(body) : paypalHeaders(`tx-${i}`)));
    expect(flood.map((r) => [r.statusCode, r.json().error])).toEqual(Array.from({ length: 15 }, () => [503, 'verification_unavailable']));
    // One failed token fetch is remembered: the flood made a single outbound call.
    expect(api.calls).toEqual({ token: 1, verify: 0 });
    // Refusals that need no PayPal are still 401 meanwhile.
    expect((await post('paypal', body, { ...paypalHeaders('tx-x'), 'paypal-auth-algo': 'HS256' })).statusCode).toBe(401);
    api.setDown(false);
    try {
      vi.setSystemTime(Date.now() + 31_000);
      const res = await post('paypal', body, api.transmit(body));
      expect(res.statusCode).toBe(200);
    } finally {
      vi.useRealTimers();
    }
    expect(api.calls).toEqual({ token: 2, verify: 1 });
  });

  it('refuses everything with a plain message while PayPal credentials are missing', async () => {
    const { post } = await setup();
    const res = await post('paypal', paypalCaptureBody('WH-5'), paypalHeaders('tx'));
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toContain('Client ID and Secret and the Webhook ID');
  });
});
