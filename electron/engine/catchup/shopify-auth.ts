import { obj, str } from '../sources/fields.ts';
import { apiFetch, CatchUpError, readJson } from './api-fetch.ts';

export const SHOPIFY_API_VERSION = '2026-10';

const NEEDS =
  "Shopify catch-up needs the shop domain (your-shop.myshopify.com) and either your app's client ID and secret (Dev Dashboard app) or an Admin API access token (older custom app) in Hooktray → Settings → Shopify.";
/** A shop's own domain answers with its storefront, not the Admin API. */
export const SHOPIFY_NOT_JSON =
  "Check the shop address in Hooktray → Settings → Shopify: it must be the your-shop.myshopify.com address, not the shop's own domain.";
const CLIENT_REFUSED =
  'Check the client ID and secret of your app (Shopify Dev Dashboard → your app → Settings), and that the app is installed on this shop, in Hooktray → Settings → Shopify.';

export interface ShopifyEndpoint {
  shop: string;
  /** https://shop (or apiBaseUrl for a proxy or a test). */
  base: string;
  /** The pinned-version GraphQL address. */
  url: string;
}

/** Where the shop's Admin API is; throws in plain words when the credentials are incomplete. */
export function shopifyEndpoint(api: Readonly<Record<string, unknown>>): ShopifyEndpoint {
  const shop = str(api.shop)
    ?.replace(/^https?:\/\//, '')
    .replace(/\/$/, '');
  const hasToken = Boolean(str(api.accessToken));
  const hasClient = Boolean(str(api.clientId) && str(api.clientSecret));
  if (!shop || (!hasToken && !hasClient)) throw new CatchUpError(NEEDS);
  const base = (str(api.apiBaseUrl) ?? `https://${shop}`).replace(/\/$/, '');
  return { shop, base, url: `${base}/admin/api/${SHOPIFY_API_VERSION}/graphql.json` };
}

/** Client-credentials tokens by shop and app, in memory only: fetched again after a restart. */
const tokens = new Map<string, { token: string; expiresAt: number }>();
/** Shopify's client-credentials tokens last 24 hours (PLATFORM-APIS.md §1.1) when it does not say. */
const DEFAULT_LIFETIME_S = 24 * 3600;

function cacheKey(api: Readonly<Record<string, unknown>>): string {
  return `${shopifyEndpoint(api).base} ${str(api.clientId) ?? ''}`;
}

/**
 * The Admin API access token: a static one (legacy custom app, `accessToken`) as given, or for a
 * Dev Dashboard app (`clientId` + `clientSecret`) one fetched with the client-credentials grant
 * and fetched again shortly before it expires.
 */
export async function shopifyToken(api: Readonly<Record<string, unknown>>, fetchImpl: typeof fetch, now = Date.now()): Promise<string> {
  const clientId = str(api.clientId);
  const clientSecret = str(api.clientSecret);
  const staticToken = str(api.accessToken);
  if (!clientId || !clientSecret) {
    if (!staticToken) throw new CatchUpError(NEEDS);
    return staticToken;
  }
  const key = cacheKey(api);
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > now) return cached.token;
  const { base } = shopifyEndpoint(api);
  const options = { fetch: fetchImpl, platform: 'Shopify', whenRefused: CLIENT_REFUSED, whenNotJson: SHOPIFY_NOT_JSON };
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  const response = await apiFetch(
    `${base}/admin/oauth/access_token`,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: body.toString() },
    options,
  );
  const answer = obj(await readJson(response, options));
  const token = str(answer.access_token);
  if (!token) throw new CatchUpError(`Shopify gave no access token for the app's client ID and secret. ${CLIENT_REFUSED}`);
  const lifetimeMs = (Number(answer.expires_in) > 0 ? Number(answer.expires_in) : DEFAULT_LIFETIME_S) * 1000;
  // Ask again a little before it runs out (10 minutes, or a tenth of a short lifetime).
  tokens.set(key, { token, expiresAt: now + lifetimeMs - Math.min(10 * 60_000, lifetimeMs / 10) });
  return token;
}

/** A token Shopify refused (revoked, app reinstalled): fetch a new one next time. */
export function forgetShopifyToken(api: Readonly<Record<string, unknown>>): boolean {
  if (!str(api.clientId)) return false;
  return tokens.delete(cacheKey(api));
}
