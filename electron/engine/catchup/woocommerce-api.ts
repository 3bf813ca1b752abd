import { list, obj, str } from '../sources/fields.ts';
import { apiFetch, CatchUpError } from './api-fetch.ts';
import type { FetchedRecord, FetchSince } from './record.ts';

const REFUSED = 'Check the REST API consumer key and secret (WooCommerce → Settings → Advanced → REST API, with Read/Write permission) in Hooktray → Settings → WooCommerce.';

export function wooEndpoint(api: Readonly<Record<string, unknown>>) {
  const site = str(api.url)?.replace(/\/$/, '');
  const key = str(api.consumerKey);
  const secret = str(api.consumerSecret);
  if (!site || !key || !secret) throw new CatchUpError('WooCommerce catch-up needs the shop address and a REST API consumer key and secret in Hooktray → Settings → WooCommerce.');
  return { base: `${site}/wp-json/wc/v3`, site, auth: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` };
}

export function wooFetchOptions(fetchImpl: typeof fetch) {
  return { fetch: fetchImpl, platform: 'WooCommerce', whenRefused: REFUSED };
}

/** Every page of a WooCommerce list (1-based pages, X-WP-TotalPages). */
async function allPages(url: URL, auth: string, fetchImpl: typeof fetch): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let page = 1; ; page++) {
    url.searchParams.set('page', String(page));
    const response = await apiFetch(url.toString(), { headers: { authorization: auth } }, wooFetchOptions(fetchImpl));
    items.push(...list(await response.json()));
    const pages = Number(response.headers.get('x-wp-totalpages') ?? 1);
    if (page >= pages) return items;
  }
}

/** Orders created since (as order.created) and orders changed since (as order.updated, which become order.paid when paid). */
export const fetchWooOrders: FetchSince = async (api, since, fetchImpl) => {
  const { base, site, auth } = wooEndpoint(api);
  const headers = (topic: string) => ({ 'x-wc-webhook-topic': topic, 'x-wc-webhook-source': `${site}/` });
  const created = new URL(`${base}/orders`);
  created.search = new URLSearchParams({ after: since.toISOString(), per_page: '100', orderby: 'date', order: 'asc', dates_are_gmt: 'true' }).toString();
  const changed = new URL(`${base}/orders`);
  changed.search = new URLSearchParams({ modified_after: since.toISOString(), per_page: '100', orderby: 'date', order: 'asc', dates_are_gmt: 'true' }).toString();
  const records: FetchedRecord[] = [];
  for (const order of await allPages(created, auth, fetchImpl)) records.push({ source: 'woocommerce', platformEvent: 'order.created', headers: headers('order.created'), payload: obj(order) });
  for (const order of await allPages(changed, auth, fetchImpl)) records.push({ source: 'woocommerce', platformEvent: 'order.updated', headers: headers('order.updated'), payload: obj(order) });
  return records;
};
