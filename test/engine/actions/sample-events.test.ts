import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../electron/engine/recipes/catalog.ts';
import { triggers } from '../../../electron/engine/recipes/recipe-set.ts';
import { sampleDelivery } from '../../../electron/engine/recipes/sample-events.ts';
import { ACTIONS } from '../../../electron/engine/actions/index.ts';
import { TemplateRenderer, templateContext } from '../../../electron/engine/templates/renderer.ts';

describe('recipe catalog and sample events', () => {
  it('has at least 12 recipes with unique ids, known actions and templates that parse', () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(12);
    expect(new Set(CATALOG.map((r) => r.id)).size).toBe(CATALOG.length);
    const renderer = new TemplateRenderer();
    for (const recipe of CATALOG) {
      expect(ACTIONS.has(recipe.action), recipe.id).toBe(true);
      for (const template of Object.values(recipe.templates)) renderer.check(template);
    }
  });

  it.each(CATALOG.map((r) => [r.id, r] as const))('%s: its sample event triggers it and renders every template', async (_id, recipe) => {
    const { event, source, platformEvent, body } = sampleDelivery(recipe, Date.parse('2026-11-20T10:00:00Z'), '00000000-0000-4000-8000-000000000001');
    expect(triggers(recipe, event)).toBe(true);
    expect(event).toMatchObject({ source, platformEvent, key: 'test:00000000-0000-4000-8000-000000000001', occurredAt: '2026-11-20T10:00:00.000Z' });
    expect(event.person?.email).toBe('jane.example@example.com');
    expect(JSON.parse(body.toString())).toMatchObject({ test: true, recipe: recipe.id });
    const renderer = new TemplateRenderer();
    const context = templateContext(event, { id: recipe.id, title: recipe.title }, true);
    for (const [name, template] of Object.entries(recipe.templates)) {
      const text = await renderer.render(name, template, context);
      expect(text.trim(), `${recipe.id} ${name}`).not.toBe('');
    }
  });

  it('a Stripe payment sample is what Stripe sends for one: a PaymentIntent from payment_intent.succeeded', () => {
    for (const id of ['stripe-payment-email', 'stripe-payment-spreadsheet']) {
      const { event, platformEvent } = sampleDelivery(CATALOG.find((r) => r.id === id)!);
      expect(platformEvent).toBe('payment_intent.succeeded');
      expect(event.data).toMatchObject({ object: 'payment_intent', id: 'pi_test_1001' });
    }
  });
});
