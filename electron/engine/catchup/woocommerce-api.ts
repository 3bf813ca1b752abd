import { gmtMs, list, obj, str, type Json } from '../sources/fields.ts';
import { apiFetch, CatchUpError, readJson } from './api-fetch.ts';
import { wants, type FetchedRecord, type FetchSince } from './record.ts';

const REFUSED =
  'Check the REST API consumer key and secret (WooCommerce → Settings → Advanced → REST API, with Read/Write permission) in Hooktray → Settings → WooCommerce.';
const NOT_JSON =
  "Check the shop address in Hooktray → Settings → WooCommerce: it must be the WordPress site's own https:// address, and WordPress must have pretty permalinks on (Settings → Permalinks) so /wp-json/ answers.";
/** Pages walked per list at most (100 each): far more than a laptop's night of orders. */
const MAX_PAGES = 100;

/**
 * The shop's REST API. Keys travel as HTTP Basic auth, which WooCommerce accepts only over
 * HTTPS; over plain http it wants OAuth 1.0a signatures, which Hooktray does not make, so an
 * http:// shop address is refused with a sentence saying so. `apiBaseUrl` (a proxy, a test)
 * replaces the address the requests go to.
 */
export function wooEndpoint(api: Readonly<Record<string, unknown>>) {
  const site = str(api.url)?.trim().replace(/\/+$/, '');
  const key = str(api.consumerKey);
  const secret = str(api.consumerSecret);
  if (!site || !key || !secret)
    throw new CatchUpError('WooCommerce catch-up needs the shop address and a REST API consumer key and secret in Hooktray → Settings → WooCommerce.');
  if (!/^https:\/\//i.test(site)) {
    throw new CatchUpError(
      `WooCommerce accepts REST API keys over plain http only with OAuth 1.0a signatures, which Hooktray does not make: use your shop's https:// address (got "${site}") in Hooktray → Settings → WooCommerce.`,
    );
  }
  const base = (str(api.apiBaseUrl) ?? site).replace(/\/+$/, '');
  return { base: `${base}/wp-json/wc/v3`, site, auth: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` };
}

export function wooFetchOptions(fetchImpl: typeof fetch) {
  return { fetch: fetchImpl, platform: 'WooCommerce', whenRefused: REFUSED, whenNotJson: NOT_JSON };
}

/**
 * Pages of a WooCommerce list (1-based, X-WP-TotalPages), until `enough` says stop. Past
 * MAX_PAGES it fails rather than return part of the list: a catch-up that counted as done would
 * move the mark past what it never read.
 */
async function allPages(
  url: URL,
  auth: string,
  fetchImpl: typeof fetch,
  what: { noun: string; since: string },
  enough: (page: Json[]) => boolean = () => false,
): Promise<Json[]> {
  const items: Json[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    url.searchParams.set('page', String(page));
    const options = wooFetchOptions(fetchImpl);
    const response = await apiFetch(url.toString(), { headers: { authorization: auth } }, options);
    const batch = list(await readJson(response, options)).map(obj);
    items.push(...batch);
    const pages = Number(response.headers.get('x-wp-totalpages') ?? 1);
    if (page >= pages || batch.length === 0 || enough(batch)) return items;
  }
  throw new CatchUpError(
    `WooCommerce has more ${what.noun} ${what.since} than one catch-up reads: Hooktray read ${MAX_PAGES} pages (${items.length} ${what.noun}) and more remain, so it ran none of them and the catch-up mark stays where it was. ` +
      'Catch up a shorter stretch: run "hooktray catch-up --since <a later ISO time>" and move the time later until it succeeds.',
  );
}

/**
 * What WooCommerce's webhooks would have sent since `since`: orders created (order.created),
 * orders paid since (order.updated, which the source turns into order.paid) and customers
 * registered since (customer.created). The customers list has no date filter, so it is read
 * newest first until a customer older than `since`.
 */
export const fetchWoo: FetchSince = async (api, since, fetchImpl, wanted) => {
  const { base, site, auth } = wooEndpoint(api);
  const headers = (topic: string) => ({ 'x-wc-webhook-topic': topic, 'x-wc-webhook-source': `${site}/` });
  const query = (path: string, params: Record<string, string>) => {
    const url = new URL(`${base}/${path}`);
    url.search = new URLSearchParams({ per_page: '100', ...params }).toString();
    return url;
  };
  const at = since.toISOString();
  const records: FetchedRecord[] = [];
  if (wants(wanted, 'order.created')) {
    for (const order of await allPages(query('orders', { after: at, orderby: 'date', order: 'asc', dates_are_gmt: 'true' }), auth, fetchImpl, {
      noun: 'orders',
      since: `created since ${at}`,
    })) {
      records.push({ source: 'woocommerce', platformEvent: 'order.created', headers: headers('order.created'), payload: order });
    }
  }
  if (wants(wanted, 'order.paid')) {
    for (const order of await allPages(query('orders', { modified_after: at, orderby: 'date', order: 'asc', dates_are_gmt: 'true' }), auth, fetchImpl, {
      noun: 'orders',
      since: `changed since ${at}`,
    })) {
      // Changed, but paid long before (shipped, a note added): not a payment we missed.
      if (!(gmtMs(order.date_paid_gmt) >= since.getTime())) continue;
      records.push({ source: 'woocommerce', platformEvent: 'order.updated', headers: headers('order.updated'), payload: order });
    }
  }
  if (wants(wanted, 'customer.created')) {
    const older = (c: Json) => gmtMs(c.date_created_gmt) < since.getTime();
    const customers = await allPages(
      query('customers', { orderby: 'registered_date', order: 'desc' }),
      auth,
      fetchImpl,
      { noun: 'customers', since: `registered since ${at}` },
      (page) => page.some(older),
    );
    for (const customer of customers.filter((c) => !older(c))) {
      records.push({ source: 'woocommerce', platformEvent: 'customer.created', headers: headers('customer.created'), payload: customer });
    }
  }
  return records;
};
