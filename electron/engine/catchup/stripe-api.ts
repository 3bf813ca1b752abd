import { list, obj, str } from '../sources/fields.ts';
import { apiJson, CatchUpError } from './api-fetch.ts';
import type { FetchedRecord, FetchSince, WantedEvents } from './record.ts';
import { PLATFORMS } from '../../../shared/platforms.ts';

/**
 * The event types catch-up asks Stripe for, by the common event they become. invoice.paid is
 * not among them: an invoice paid by card also sends payment_intent.succeeded, the one event
 * every Stripe payment (checkout, payment link, invoice) has, and payments are keyed on it.
 */
const TYPES: Record<string, string> = {
  'order.created': 'checkout.session.completed',
  'order.paid': 'checkout.session.completed',
  'payment.succeeded': 'payment_intent.succeeded',
  'customer.created': 'customer.created',
};
const REFUSED = 'Check the restricted key (rk_…, with read access to Events and write access to Webhook endpoints) in Hooktray → Settings → Stripe.';
/** How long Stripe keeps events (shared/platforms.ts). */
const STRIPE_EVENTS_DAYS = PLATFORMS.stripe.api.lookbackDays;

export function stripeEndpoint(api: Readonly<Record<string, unknown>>) {
  const key = str(api.secretKey);
  if (!key) throw new CatchUpError('Stripe catch-up needs a restricted API key in Hooktray → Settings → Stripe.');
  return { base: (str(api.apiBaseUrl) ?? 'https://api.stripe.com').replace(/\/$/, ''), auth: `Bearer ${key}` };
}

export function stripeFetchOptions(fetchImpl: typeof fetch) {
  return {
    fetch: fetchImpl,
    platform: 'Stripe',
    whenRefused: REFUSED,
    whenNotJson: 'Check that no proxy or network sign-in page stands in the way, and, if the settings file sets sources.stripe.api.apiBaseUrl, that address.',
  };
}

function typesFor(wanted: WantedEvents): string[] {
  if (!wanted || wanted.has('*')) return [...new Set(Object.values(TYPES))];
  return [
    ...new Set(
      Object.entries(TYPES)
        .filter(([type]) => wanted.has(type))
        .map(([, stripeType]) => stripeType),
    ),
  ];
}

/** Events since `since` (Stripe keeps 30 days): the same objects its webhooks carry. */
export const fetchStripeEvents: FetchSince = async (api, since, fetchImpl, wanted) => {
  const { base, auth } = stripeEndpoint(api);
  const types = typesFor(wanted);
  if (!types.length) return [];
  const floor = Math.max(Math.floor(since.getTime() / 1000), Math.floor(Date.now() / 1000) - STRIPE_EVENTS_DAYS * 86_400);
  const records: FetchedRecord[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const params = new URLSearchParams({ 'created[gte]': String(floor), limit: '100' });
    for (const type of types) params.append('types[]', type);
    if (startingAfter) params.set('starting_after', startingAfter);
    const page = obj(await apiJson(`${base}/v1/events?${params}`, { headers: { authorization: auth } }, stripeFetchOptions(fetchImpl)));
    const events = list(page.data).map(obj);
    for (const event of events) records.push({ source: 'stripe', platformEvent: str(event.type) ?? 'unknown', headers: {}, payload: event });
    if (page.has_more !== true || events.length === 0) return records;
    startingAfter = str(events.at(-1)!.id);
  }
};
