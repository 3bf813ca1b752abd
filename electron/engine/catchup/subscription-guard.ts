import type { GuardReport } from '../../../shared/catchup.ts';
import type { Settings } from '../../../shared/config.ts';
import type { SourceId } from '../../../shared/sources.ts';
import type { RecipeSet } from '../recipes/recipe-set.ts';
import { list, obj, str } from '../sources/fields.ts';
import { apiFetch, apiJson, CatchUpError } from './api-fetch.ts';
import { shopifyGraphql } from './shopify-api.ts';
import { stripeEndpoint, stripeFetchOptions } from './stripe-api.ts';
import { wooEndpoint, wooFetchOptions } from './woocommerce-api.ts';

export type { GuardReport };

export interface GuardDeps {
  settings: Settings;
  recipes: RecipeSet;
  fetch: typeof fetch;
}

const SHOPIFY_TOPICS: Record<string, string> = { 'order.created': 'ORDERS_CREATE', 'order.paid': 'ORDERS_PAID', 'customer.created': 'CUSTOMERS_CREATE' };
const WOO_TOPICS: Record<string, string> = { 'order.created': 'order.created', 'order.paid': 'order.updated', 'customer.created': 'customer.created' };

/**
 * Keeps each platform's webhook pointed at our current public address: lists the platform's
 * subscriptions, creates ours if missing, re-points it when the address changed, re-activates
 * a WooCommerce webhook the platform disabled. Where there is no API (or no credentials) it
 * says, in plain words, what the owner must update and where.
 */
export async function guardSubscriptions(deps: GuardDeps, publicUrls: Partial<Record<SourceId, string>>): Promise<GuardReport[]> {
  const reports: GuardReport[] = [];
  const used = usedSources(deps.recipes, deps.settings);
  for (const source of used) {
    const url = publicUrls[source];
    if (!url) continue;
    const api = obj(obj(deps.settings.sources[source]).api);
    const hasApi = Object.keys(api).length > 0;
    try {
      if (source === 'shopify' && hasApi) reports.push(await guardShopify(api, url, topicsFor(deps.recipes, source, SHOPIFY_TOPICS), deps.fetch));
      else if (source === 'woocommerce' && hasApi)
        reports.push(await guardWoo(api, url, topicsFor(deps.recipes, source, WOO_TOPICS), str(obj(deps.settings.sources.woocommerce).secret), deps.fetch));
      else if (source === 'stripe' && hasApi) reports.push(await guardStripe(api, url, deps.fetch));
      else reports.push({ source, outcome: 'manual', message: manualStep(source, url) });
    } catch (error) {
      reports.push({
        source,
        outcome: 'failed',
        message: error instanceof CatchUpError ? error.message : `Could not check the webhook: ${(error as Error).message}`,
      });
    }
  }
  return reports;
}

/**
 * Platforms whose webhook matters: those an enabled recipe triggers on, and for recipes on "any"
 * platform (any-order-xlsx) every platform the owner set up (a secret or API credentials).
 */
function usedSources(recipes: RecipeSet, settings: Settings): SourceId[] {
  const used = new Set<SourceId>();
  const configured = configuredSources(settings);
  for (const r of recipes.list()) {
    const source = recipes.get(r.id)?.definition.trigger.source;
    if (!r.enabled || !source) continue;
    if (source === 'any') for (const id of configured) used.add(id);
    else used.add(source);
  }
  return [...used];
}

/** Platforms the owner set up: a signing secret or API credentials in settings. */
export function configuredSources(settings: Settings): SourceId[] {
  return (Object.entries(settings.sources) as [SourceId, Record<string, unknown> | undefined][])
    .filter(([, v]) => v && Object.keys(v).length)
    .map(([id]) => id);
}

function topicsFor(recipes: RecipeSet, source: SourceId, map: Record<string, string>): string[] {
  const topics = new Set<string>();
  for (const event of recipes.wantedEvents(source)) if (map[event]) topics.add(map[event]);
  return [...topics];
}

function manualStep(source: SourceId, url: string): string {
  const where: Partial<Record<SourceId, string>> = {
    shopify: 'Shopify admin → Settings → Notifications → Webhooks',
    woocommerce: 'WooCommerce → Settings → Advanced → Webhooks',
    clinchpad: 'ClinchPad → Settings → Integrations → Webhooks (ClinchPad has no API for this)',
    stripe: 'Stripe Dashboard → Developers → Webhooks',
    mailchimp: 'Mailchimp → Audience → Settings → Webhooks',
    mautic: 'Mautic → Settings → Webhooks',
    paypal: 'developer.paypal.com → your app → Webhooks',
    generic: "the other app's webhook settings",
  };
  return `Make sure the webhook in ${where[source] ?? source} points at ${url}.`;
}

const SUBSCRIPTIONS_QUERY = `query Subs($topics: [WebhookSubscriptionTopic!]) { webhookSubscriptions(first: 50, topics: $topics) { nodes { id topic uri } } }`;
const CREATE = `mutation Create($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) { webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) { webhookSubscription { id uri } userErrors { field message } } }`;
const UPDATE = `mutation Update($id: ID!, $webhookSubscription: WebhookSubscriptionInput!) { webhookSubscriptionUpdate(id: $id, webhookSubscription: $webhookSubscription) { webhookSubscription { id uri } userErrors { field message } } }`;

async function guardShopify(api: Record<string, unknown>, url: string, topics: string[], fetchImpl: typeof fetch): Promise<GuardReport> {
  // Shopify lists only the subscriptions this app created, so Hooktray keeps its own.
  const data = await shopifyGraphql(api, SUBSCRIPTIONS_QUERY, { topics }, fetchImpl);
  const existing = list(obj(data.webhookSubscriptions).nodes).map(obj);
  const done: string[] = [];
  for (const topic of topics) {
    const sub = existing.find((s) => s.topic === topic);
    if (sub && sub.uri === url) continue;
    const result = sub
      ? obj((await shopifyGraphql(api, UPDATE, { id: sub.id, webhookSubscription: { uri: url } }, fetchImpl)).webhookSubscriptionUpdate)
      : obj((await shopifyGraphql(api, CREATE, { topic, webhookSubscription: { uri: url, format: 'JSON' } }, fetchImpl)).webhookSubscriptionCreate);
    const errors = list(result.userErrors)
      .map((e) => str(obj(e).message))
      .filter(Boolean);
    if (errors.length) throw new CatchUpError(`Shopify refused the ${topic} webhook: ${errors.join('; ')}`);
    done.push(`${sub ? 'pointed' : 'created'} ${topic}`);
  }
  if (!done.length) return { source: 'shopify', outcome: 'ok', message: 'Shopify webhooks point at the current address.' };
  return {
    source: 'shopify',
    outcome: done.some((d) => d.startsWith('created')) ? 'created' : 'updated',
    message: `Shopify webhooks ${done.join(', ')} → ${url}. Shopify signs them with your app's client secret: use it as the Shopify signing key in Hooktray.`,
  };
}

const NO_WOO_SECRET =
  'set a webhook secret first (any long random text) under Hooktray → Settings → WooCommerce; Hooktray then creates the webhook with that secret. Without one WooCommerce would sign with a secret of its own and every delivery would be refused.';

/**
 * WooCommerce webhooks: ours are the ones pointing at a /h/woocommerce/ address. They are always
 * created (and updated) with our secret, because WooCommerce signs with a default of its own
 * when none is given, and Hooktray would then refuse every delivery.
 */
async function guardWoo(
  api: Record<string, unknown>,
  url: string,
  topics: string[],
  secret: string | undefined,
  fetchImpl: typeof fetch,
): Promise<GuardReport> {
  const { base, auth } = wooEndpoint(api);
  const options = wooFetchOptions(fetchImpl);
  const json = { authorization: auth, 'content-type': 'application/json' };
  const hooks = list(await apiJson(`${base}/webhooks?status=all&per_page=100`, { headers: { authorization: auth } }, options)).map(obj);
  const changes: string[] = [];
  const missing: string[] = [];
  for (const topic of topics) {
    const hook = hooks.find((h) => h.topic === topic && String(h.delivery_url ?? '').includes('/h/woocommerce/'));
    if (!hook) {
      if (!secret) {
        missing.push(topic);
        continue;
      }
      await apiFetch(
        `${base}/webhooks`,
        { method: 'POST', headers: json, body: JSON.stringify({ name: `Hooktray ${topic}`, topic, delivery_url: url, status: 'active', secret }) },
        options,
      );
      changes.push(`created ${topic}`);
      continue;
    }
    const update: Record<string, unknown> = {};
    if (hook.delivery_url !== url) update.delivery_url = url;
    if (hook.status !== 'active') update.status = 'active';
    if (!Object.keys(update).length) continue;
    if (secret) update.secret = secret;
    await apiFetch(`${base}/webhooks/${String(hook.id)}`, { method: 'PUT', headers: json, body: JSON.stringify(update) }, options);
    changes.push(`${update.status ? `re-activated ${topic} (WooCommerce had disabled it after failed deliveries)` : `pointed ${topic}`}`);
  }
  if (missing.length && !changes.length)
    return { source: 'woocommerce', outcome: 'manual', message: `Hooktray did not create the WooCommerce ${missing.join(', ')} webhook: ${NO_WOO_SECRET}` };
  if (!changes.length) return { source: 'woocommerce', outcome: 'ok', message: 'WooCommerce webhooks are active and point at the current address.' };
  const outcome = changes.some((c) => c.startsWith('re-activated')) ? 'reactivated' : changes.some((c) => c.startsWith('created')) ? 'created' : 'updated';
  const also = missing.length ? ` Not created: ${missing.join(', ')}: ${NO_WOO_SECRET}` : '';
  return { source: 'woocommerce', outcome, message: `WooCommerce webhooks: ${changes.join(', ')} → ${url}.${also}` };
}

async function guardStripe(api: Record<string, unknown>, url: string, fetchImpl: typeof fetch): Promise<GuardReport> {
  const { base, auth } = stripeEndpoint(api);
  const options = stripeFetchOptions(fetchImpl);
  const endpoints = list(obj(await apiJson(`${base}/v1/webhook_endpoints?limit=100`, { headers: { authorization: auth } }, options)).data).map(obj);
  const ours = endpoints.find((e) => String(e.url ?? '').includes('/h/stripe/'));
  // A new endpoint would come with a new signing secret; creating one stays the owner's step.
  if (!ours) return { source: 'stripe', outcome: 'manual', message: manualStep('stripe', url) };
  const form = new URLSearchParams();
  if (ours.url !== url) form.set('url', url);
  if (ours.status === 'disabled') form.set('disabled', 'false');
  if (![...form.keys()].length) return { source: 'stripe', outcome: 'ok', message: 'The Stripe endpoint points at the current address.' };
  await apiFetch(
    `${base}/v1/webhook_endpoints/${String(ours.id)}`,
    { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() },
    options,
  );
  return { source: 'stripe', outcome: form.has('disabled') ? 'reactivated' : 'updated', message: `The Stripe endpoint now points at ${url}.` };
}
