import { createHash } from 'node:crypto';
import { obj, str } from './fields.ts';
import { ok, reject, type SourceRequest, type SourceSettings, type Verdict } from './source.ts';

export const PAYPAL_API = 'https://api-m.paypal.com';
const HEADERS = ['paypal-transmission-id', 'paypal-transmission-time', 'paypal-transmission-sig', 'paypal-cert-url', 'paypal-auth-algo'] as const;
/** PayPal retries for three days; a retry may carry its first transmission time, so allow a day more. */
const MAX_AGE_MS = 4 * 86_400_000;
const MAX_AHEAD_MS = 60 * 60_000;
/** After PayPal's API failed, ask again only this much later: a flood of deliveries meanwhile makes no calls. */
const FAILURE_TTL_MS = 30_000;

type TokenResult = { ok: true; value: string; expiresAt: number } | { ok: false; verdict: Verdict };
const tokens = new Map<string, TokenResult & { ok: true }>();
const pendingTokens = new Map<string, Promise<TokenResult>>();
const failures = new Map<string, { verdict: Verdict; until: number }>();

/**
 * PayPal signs with a certificate, and PayPal's own answer to "is this genuine?" is its
 * verify-webhook-signature API (it checks the certificate chain, which we would otherwise have
 * to re-implement). That needs the app's client id and secret and the webhook's id. What can be
 * refused without asking PayPal is refused first, so forgeries cause no outbound calls.
 */
export async function verifyWithPayPal(req: SourceRequest, payload: unknown, settings: SourceSettings, fetchImpl: typeof fetch = fetch): Promise<Verdict> {
  const clientId = str(settings?.clientId);
  const clientSecret = str(settings?.clientSecret);
  const webhookId = str(settings?.webhookId);
  if (!clientId || !clientSecret || !webhookId) {
    return reject(
      'no_secret',
      "PayPal deliveries are checked with PayPal itself: enter the app's Client ID and Secret and the Webhook ID (developer.paypal.com → Apps & Credentials → your app) in Hooktray → Settings → PayPal.",
    );
  }
  const local = checkHeaders(req);
  if (!local.ok) return local;
  const event = obj(payload);
  if (!str(event.id) || !str(event.event_type))
    return reject('malformed_body', 'The body is not a PayPal event (it has no id or event_type): this delivery did not come from PayPal.');
  const base = (str(settings?.apiBaseUrl) ?? PAYPAL_API).replace(/\/$/, '');
  const key = `${base}|${clientId}|${createHash('sha256').update(clientSecret).digest('hex').slice(0, 16)}`;
  const failed = failures.get(key);
  if (failed && failed.until > Date.now()) return failed.verdict;
  const remember = (verdict: Verdict) => (failures.set(key, { verdict, until: Date.now() + FAILURE_TTL_MS }), verdict);
  try {
    const token = await accessToken(key, base, clientId, clientSecret, fetchImpl);
    if (!token.ok) return remember(token.verdict);
    const response = await fetchImpl(`${base}/v1/notifications/verify-webhook-signature`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.value}`, 'content-type': 'application/json' },
      body: verificationRequest(req, webhookId),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 401) tokens.delete(key);
    if (!response.ok) {
      const verdict = unavailable(`PayPal's verification answered ${response.status}`);
      return response.status >= 500 || response.status === 429 ? remember(verdict) : verdict;
    }
    const answer = (await response.json()) as { verification_status?: string };
    return answer.verification_status === 'SUCCESS'
      ? ok
      : reject('bad_signature', 'PayPal says this delivery is not genuine (or the Webhook ID in Hooktray is not the one this webhook has).');
  } catch (error) {
    return remember(unavailable(`PayPal's verification could not be reached (${(error as Error).message})`));
  }
}

/** What PayPal always sends: all five headers, its own algorithm, a certificate on paypal.com, a plausible time. */
function checkHeaders(req: SourceRequest): Verdict {
  const missing = HEADERS.filter((h) => !req.headers[h]);
  if (missing.length) return reject('missing_signature', `The request has no ${missing.join(', ')} header: it did not come from PayPal.`);
  if (req.headers['paypal-auth-algo'] !== 'SHA256withRSA')
    return reject('bad_signature', 'PAYPAL-AUTH-ALGO is not SHA256withRSA, the algorithm PayPal signs with: this delivery did not come from PayPal.');
  if (!isPayPalCertUrl(req.headers['paypal-cert-url']!))
    return reject('bad_signature', 'PAYPAL-CERT-URL is not an https address on paypal.com: this delivery did not come from PayPal.');
  const sentAt = Date.parse(req.headers['paypal-transmission-time']!);
  if (!Number.isFinite(sentAt)) return reject('bad_signature', 'PAYPAL-TRANSMISSION-TIME is not a time: this delivery did not come from PayPal.');
  if (sentAt < req.receivedAt - MAX_AGE_MS || sentAt > req.receivedAt + MAX_AHEAD_MS) {
    return reject(
      'stale_timestamp',
      `PAYPAL-TRANSMISSION-TIME (${req.headers['paypal-transmission-time']}) is too far from now; PayPal retries for three days at most. If it is this computer's clock that is wrong, correct it.`,
    );
  }
  return ok;
}

function isPayPalCertUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.endsWith('.paypal.com') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/**
 * The verify request's JSON with the delivery's body spliced in byte for byte as webhook_event:
 * PayPal checks its signature over the bytes it sent, and parsing then re-serialising them
 * (`1.0` → `1`, escapes, spacing) would make a genuine delivery fail. The body already parsed as JSON.
 */
export function verificationRequest(req: SourceRequest, webhookId: string): string {
  const fields = JSON.stringify({
    auth_algo: req.headers['paypal-auth-algo'],
    cert_url: req.headers['paypal-cert-url'],
    transmission_id: req.headers['paypal-transmission-id'],
    transmission_sig: req.headers['paypal-transmission-sig'],
    transmission_time: req.headers['paypal-transmission-time'],
    webhook_id: webhookId,
  });
  return `${fields.slice(0, -1)},"webhook_event":${req.rawBody.toString('utf8')}}`;
}

/** One token fetch at a time per app: concurrent deliveries wait for the same answer. */
function accessToken(key: string, base: string, clientId: string, clientSecret: string, fetchImpl: typeof fetch): Promise<TokenResult> {
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > Date.now() + 60_000) return Promise.resolve(cached);
  let pending = pendingTokens.get(key);
  if (!pending) {
    pending = fetchToken(base, clientId, clientSecret, fetchImpl)
      .then((result) => (result.ok && tokens.set(key, result), result))
      .finally(() => pendingTokens.delete(key));
    pendingTokens.set(key, pending);
  }
  return pending;
}

async function fetchToken(base: string, clientId: string, clientSecret: string, fetchImpl: typeof fetch): Promise<TokenResult> {
  const response = await fetchImpl(`${base}/v1/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status === 401) {
    return {
      ok: false,
      verdict: reject(
        'no_secret',
        'PayPal refused the Client ID and Secret in Hooktray → Settings → PayPal: copy them again from developer.paypal.com → Apps & Credentials.',
      ),
    };
  }
  if (!response.ok) return { ok: false, verdict: unavailable(`PayPal's token endpoint answered ${response.status}`) };
  const body = (await response.json()) as { access_token?: string; expires_in?: number };
  if (!body.access_token) return { ok: false, verdict: unavailable('PayPal sent no access token') };
  return { ok: true, value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 300) * 1000 };
}

/** Answered 503: PayPal retries for three days, so nothing is lost while its API is down. */
function unavailable(why: string): Verdict {
  return reject('verification_unavailable', `${why}; the delivery was not accepted and PayPal will send it again.`);
}
