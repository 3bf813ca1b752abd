import { list, obj, str } from '../sources/fields.ts';
import { apiFetch, CatchUpError } from './api-fetch.ts';
import type { FetchedRecord, FetchSince } from './record.ts';

const TYPES = ['checkout.session.completed', 'payment_intent.succeeded', 'invoice.paid', 'customer.created'];
const REFUSED = 'Check the restricted key (rk_…, with read access to Events and write access to Webhook endpoints) in Hooktray → Settings → Stripe.';

export function stripeEndpoint(api: Readonly<Record<string, unknown>>) {
  const key = str(api.secretKey);
  if (!key) throw new CatchUpError('Stripe catch-up needs a restricted API key in Hooktray → Settings → Stripe.');
  return { base: (str(api.apiBaseUrl) ?? 'https://api.stripe.com').replace(/\/$/, ''), auth: `Bearer ${key}` };
}

export function stripeFetchOptions(fetchImpl: typeof fetch) {
  return { fetch: fetchImpl, platform: 'Stripe', whenRefused: REFUSED };
}

/** Events since `since` (Stripe keeps 30 days): the same objects its webhooks carry. */
export const fetchStripeEvents: FetchSince = async (api, since, fetchImpl) => {
  const { base, auth } = stripeEndpoint(api);
  const floor = Math.max(Math.floor(since.getTime() / 1000), Math.floor(Date.now() / 1000) - 30 * 86_400);
  const records: FetchedRecord[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const params = new URLSearchParams({ 'created[gte]': String(floor), limit: '100' });
    for (const type of TYPES) params.append('types[]', type);
    if (startingAfter) params.set('starting_after', startingAfter);
    const page = obj(await (await apiFetch(`${base}/v1/events?${params}`, { headers: { authorization: auth } }, stripeFetchOptions(fetchImpl))).json());
    const events = list(page.data).map(obj);
    for (const event of events) records.push({ source: 'stripe', platformEvent: str(event.type) ?? 'unknown', headers: {}, payload: event });
    if (page.has_more !== true || events.length === 0) return records;
    startingAfter = str(events.at(-1)!.id);
  }
};
