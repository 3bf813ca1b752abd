import { str } from './fields.ts';
import { ok, reject, type SourceRequest, type SourceSettings, type Verdict } from './source.ts';

export const PAYPAL_API = 'https://api-m.paypal.com';
const HEADERS = ['paypal-transmission-id', 'paypal-transmission-time', 'paypal-transmission-sig', 'paypal-cert-url', 'paypal-auth-algo'] as const;
const tokens = new Map<string, { token: string; expiresAt: number }>();

/**
 * PayPal signs with a certificate, and PayPal's own answer to "is this genuine?" is its
 * verify-webhook-signature API (it checks the certificate chain, which we would otherwise have
 * to re-implement). That needs the app's client id and secret and the webhook's id.
 */
export async function verifyWithPayPal(req: SourceRequest, payload: unknown, settings: SourceSettings, fetchImpl: typeof fetch = fetch): Promise<Verdict> {
  const clientId = str(settings?.clientId);
  const clientSecret = str(settings?.clientSecret);
  const webhookId = str(settings?.webhookId);
  if (!clientId || !clientSecret || !webhookId) {
    return reject('no_secret', 'PayPal deliveries are checked with PayPal itself: enter the app\'s Client ID and Secret and the Webhook ID (developer.paypal.com → Apps & Credentials → your app) in Hooktray → Settings → PayPal.');
  }
  const missing = HEADERS.filter((h) => !req.headers[h]);
  if (missing.length) return reject('missing_signature', `The request has no ${missing.join(', ')} header: it did not come from PayPal.`);
  const base = (str(settings?.apiBaseUrl) ?? PAYPAL_API).replace(/\/$/, '');
  try {
    const token = await accessToken(base, clientId, clientSecret, fetchImpl);
    if (!token.ok) return token.verdict;
    const response = await fetchImpl(`${base}/v1/notifications/verify-webhook-signature`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.value}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        auth_algo: req.headers['paypal-auth-algo'],
        cert_url: req.headers['paypal-cert-url'],
        transmission_id: req.headers['paypal-transmission-id'],
        transmission_sig: req.headers['paypal-transmission-sig'],
        transmission_time: req.headers['paypal-transmission-time'],
        webhook_id: webhookId,
        webhook_event: payload,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 401) tokens.delete(`${base}|${clientId}`);
    if (!response.ok) return unavailable(`PayPal's verification answered ${response.status}`);
    const answer = (await response.json()) as { verification_status?: string };
    return answer.verification_status === 'SUCCESS'
      ? ok
      : reject('bad_signature', 'PayPal says this delivery is not genuine (or the Webhook ID in Hooktray is not the one this webhook has).');
  } catch (error) {
    return unavailable(`PayPal's verification could not be reached (${(error as Error).message})`);
  }
}

async function accessToken(base: string, clientId: string, clientSecret: string, fetchImpl: typeof fetch): Promise<{ ok: true; value: string } | { ok: false; verdict: Verdict }> {
  const key = `${base}|${clientId}`;
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > Date.now() + 60_000) return { ok: true, value: cached.token };
  const response = await fetchImpl(`${base}/v1/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status === 401) {
    return { ok: false, verdict: reject('no_secret', 'PayPal refused the Client ID and Secret in Hooktray → Settings → PayPal: copy them again from developer.paypal.com → Apps & Credentials.') };
  }
  if (!response.ok) return { ok: false, verdict: unavailable(`PayPal's token endpoint answered ${response.status}`) };
  const body = (await response.json()) as { access_token?: string; expires_in?: number };
  if (!body.access_token) return { ok: false, verdict: unavailable('PayPal sent no access token') };
  tokens.set(key, { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 300) * 1000 });
  return { ok: true, value: body.access_token };
}

/** Answered 503: PayPal retries for three days, so nothing is lost while its API is down. */
function unavailable(why: string): Verdict {
  return reject('verification_unavailable', `${why}; the delivery was not accepted and PayPal will send it again.`);
}
