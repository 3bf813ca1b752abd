import { describe, expect, it } from 'vitest';
import { firstRunSteps, type FirstRunFacts } from '../../renderer/src/first-run-steps.ts';

const online = { state: 'online', since: '', url: 'https://shop.loca.lt', publicWebhooks: {}, urlChanged: false } as const;
const nothing: FirstRunFacts = { source: 'shopify', tunnel: { state: 'connecting', since: '' }, saved: {}, enabled: [], worked: new Set(), received: false };
const done = (f: FirstRunFacts) => Object.fromEntries(firstRunSteps(f).map((s) => [s.id, s.done]));

describe('the first-hour checklist', () => {
  it('ticks each step from what is true, in order', () => {
    expect(done(nothing)).toEqual({ online: false, key: false, recipe: false, test: false, delivery: false });
    const all: FirstRunFacts = {
      source: 'shopify',
      tunnel: online,
      saved: { secret: true },
      enabled: [{ id: 'shopify-order-email', title: 'New order → email' }],
      worked: new Set(['shopify-order-email']),
      received: true,
    };
    expect(done(all)).toEqual({ online: true, key: true, recipe: true, test: true, delivery: true });
    // A run of a recipe that is switched off proves nothing about the ones that are on.
    expect(done({ ...all, worked: new Set(['stripe-payment-email']) }).test).toBe(false);
  });

  it('names the platform’s own page, and asks for every value a platform needs', () => {
    const key = firstRunSteps(nothing).find((s) => s.id === 'key')!;
    expect(key).toMatchObject({ title: 'Shopify’s signing key is saved', link: { href: '#/settings?platform=shopify' } });
    expect(key.how).toContain('Settings → Notifications → Webhooks in your Shopify admin');
    const paypal = (saved: Record<string, string | boolean>) => firstRunSteps({ ...nothing, source: 'paypal', saved }).find((s) => s.id === 'key')!;
    expect(paypal({ clientSecret: true }).done).toBe(false);
    expect(paypal({ clientSecret: true, clientId: 'AbC', webhookId: '8PT5' })).toMatchObject({
      done: true,
      how: expect.stringContaining('them into Settings → Platforms → PayPal'),
    });
    expect(firstRunSteps({ ...nothing, source: 'stripe' }).find((s) => s.id === 'delivery')!.how).toContain(
      'In the Stripe Dashboard open Developers → Webhooks',
    );
  });

  it('a platform that signs nothing needs no key: that step is done by itself', () => {
    for (const source of ['mailchimp', 'form', 'clinchpad', 'generic'] as const) expect(done({ ...nothing, source }).key, source).toBe(true);
  });
});
