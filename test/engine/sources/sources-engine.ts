import type { InjectOptions } from 'fastify';
import type { SettingsInput } from '../../../shared/config.ts';
import { startEngine } from '../../helpers/engine.ts';
import { SECRETS } from '../../helpers/platforms.ts';

const recipes = [
  'woocommerce-order-email',
  'stripe-payment-email',
  'paypal-payment-email',
  'mailchimp-subscriber-email',
  'mautic-contact-email',
  'generic-email',
  'clinchpad-lead-email',
  'clinchpad-lead-won-email',
].map((recipe) => ({
  recipe,
  settings: { to: ['team@example.com'] },
}));

/** A started engine (runner paused) with the signed platforms' secrets and one email recipe per platform, plus ways to post and look. */
export async function startSourcesEngine(extra: Partial<SettingsInput> = {}) {
  const started = await startEngine({
    sources: { woocommerce: { secret: SECRETS.woocommerce }, stripe: { secret: SECRETS.stripe }, mautic: { secret: SECRETS.mautic }, ...extra.sources },
    paused: true,
    recipes,
  });
  const { app, db } = started.engine.state;
  const url = (source: string) => new URL(started.webhooks[source as 'shopify']).pathname;
  const post = (source: string, body: string, headers: Record<string, string>, method: InjectOptions['method'] = 'POST') =>
    app.inject({ method, url: url(source), headers, payload: body });
  const count = (sql: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${sql}`).get() as { n: number }).n;
  const events = () =>
    (db.prepare('SELECT event FROM events ORDER BY id').all() as { event: string }[]).map((r) => JSON.parse(r.event) as Record<string, unknown>);
  return { ...started, post, count, events, url, app };
}
