import { expect } from 'vitest';
import { stripeSignature, wooHeaders } from './platforms.ts';
import { shopifyHeaders } from './shopify.ts';

/** What Hooktray answers a webhook it kept. */
export interface InboxAnswer {
  duplicate: boolean;
  runs: number;
}

export interface WebhookOptions {
  /** Shopify's X-Shopify-Event-Id (a fresh one when unset): the same id is the same delivery. */
  eventId?: string;
  /** Shopify's or WooCommerce's topic (orders/create, order.created when unset). */
  topic?: string;
}

const SIGNERS: Record<string, (body: string, options: WebhookOptions) => Record<string, string>> = {
  shopify: (body, { eventId, topic }) => shopifyHeaders(body, { ...(eventId ? { eventId } : {}), ...(topic ? { topic } : {}) }),
  stripe: (body) => ({ 'content-type': 'application/json', 'stripe-signature': stripeSignature(body) }),
  woocommerce: (body, { topic }) => wooHeaders(body, topic),
};

/**
 * Posts `payload` to a webhook address as its platform sends it, signed with the test secret.
 * The platform is the one the address is for (`…/h/<platform>/<token>`).
 */
export function postWebhook(url: string, payload: unknown, options: WebhookOptions = {}): Promise<Response> {
  const platform = new URL(url).pathname.split('/')[2] ?? '';
  const sign = SIGNERS[platform];
  if (!sign) throw new Error(`postWebhook signs ${Object.keys(SIGNERS).join(', ')} webhooks, not "${platform}" (${url})`);
  const body = JSON.stringify(payload);
  return fetch(url, { method: 'POST', headers: sign(body, options), body });
}

/** Delivers a webhook Hooktray must keep (200); resolves with its answer. */
export async function deliver(url: string, payload: unknown, options: WebhookOptions = {}): Promise<InboxAnswer> {
  const res = await postWebhook(url, payload, options);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as InboxAnswer;
}
