import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine.ts';
import { compileFilter } from '../../electron/engine/recipes/recipe-filter.ts';
import { JsonSettingsFile } from '../../electron/engine/settings/json-settings-file.ts';
import { SettingsError } from '../../electron/engine/settings/settings-store.ts';
import type { SettingsInput } from '../../shared/config.ts';
import type { HooktrayEvent } from '../../shared/events.ts';
import type { RecipeFilterCondition } from '../../shared/recipes.ts';
import { silentLogger, startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';

/** The problems the engine reports for a settings file holding `recipes`. */
function problemsFor(recipes: unknown[]): string[] {
  const dir = tempDir();
  const path = join(dir, 'settings.json');
  writeFileSync(path, JSON.stringify({ recipes }));
  try {
    new Engine({ dataDir: dir, settings: new JsonSettingsFile(path), logger: silentLogger });
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).problems;
  }
  throw new Error('the settings were accepted');
}

const recipe = (filter: unknown) => ({ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] }, filter });

describe('recipe filter settings', () => {
  it('names the condition and the field that is wrong', () => {
    expect(problemsFor([recipe([{ field: 'order.total', op: 'greater', value: 100 }])]).join('\n')).toMatch(
      /^recipes\[0\]\.filter\[0\]\.op: use one of: equals, not-equals, contains, >=/,
    );
    expect(
      problemsFor([
        recipe([
          { field: 'order.total', op: '>=', value: 1 },
          { field: 'order.total', op: '>=', value: 'lots' },
        ]),
      ]),
    ).toEqual(['recipes[0].filter[1].value: ">=" compares numbers: use a number such as 100']);
    expect(problemsFor([recipe([{ field: 'order.currency', op: 'equals' }])])).toEqual(['recipes[0].filter[0].value: "equals" needs a value to compare with']);
    expect(problemsFor([recipe([{ field: 'order.note', op: 'exists', value: true }])])).toEqual([
      'recipes[0].filter[0].value: "exists" takes no value, remove it',
    ]);
    expect(problemsFor([recipe([{ field: 'orders.total', op: '>=', value: 100 }])]).join('\n')).toContain(
      'recipes[0].filter[0].field: must start with one of order, person',
    );
    expect(problemsFor([recipe([{ field: 'order total', op: 'exists' }])]).join('\n')).toContain('recipes[0].filter[0].field: use a dotted field name');
    expect(problemsFor([recipe([{ field: 'order.total', op: '>=', value: 100, unit: 'EUR' }])]).join('\n')).toContain('recipes[0].filter[0]');
    expect(problemsFor([recipe({ field: 'order.total', op: '>=', value: 100 })]).join('\n')).toMatch(/^recipes\[0\]\.filter: /);
  });
});

function eventWith(order: Record<string, unknown>, data: unknown = {}): HooktrayEvent {
  return {
    type: 'order.created',
    source: 'shopify',
    platformEvent: 'orders/create',
    key: 'k',
    occurredAt: '2026-11-20T10:00:00Z',
    summary: 'Order',
    order: { id: '1', number: '#1', lineItems: [], ...order },
    person: { email: 'jane@example.com' },
    data,
  };
}

describe('recipe filter conditions', () => {
  const passes = (conditions: RecipeFilterCondition[], event: HooktrayEvent) => compileFilter(conditions)(event);

  it('compares decimal strings as numbers and text without case; all conditions must hold', () => {
    const big = eventWith({ total: '149.90', currency: 'EUR' });
    const small = eventWith({ total: '99.99', currency: 'EUR' });
    expect(passes([{ field: 'order.total', op: '>=', value: 100 }], big)).toBe(true);
    expect(passes([{ field: 'order.total', op: '>=', value: 100 }], small)).toBe(false);
    expect(passes([{ field: 'order.total', op: '<', value: '100' }], small)).toBe(true);
    expect(passes([{ field: 'order.total', op: 'equals', value: 149.9 }], big)).toBe(true);
    expect(passes([{ field: 'order.currency', op: 'equals', value: 'eur' }], big)).toBe(true);
    expect(
      passes(
        [
          { field: 'order.total', op: '>=', value: 100 },
          { field: 'order.currency', op: 'equals', value: 'USD' },
        ],
        big,
      ),
    ).toBe(false);
    expect(passes([{ field: 'order.currency', op: 'not-equals', value: 'USD' }], big)).toBe(true);
    expect(passes([{ field: 'person.email', op: 'contains', value: '@EXAMPLE.com' }], big)).toBe(true);
  });

  it('reads the platform payload by path, lists by any entry, and treats a missing field as not matching', () => {
    const event = eventWith({ total: '10' }, { lead: { pipe: { name: 'Sales' } }, tags: ['VIP', 'wholesale'], line_items: [{ sku: 'MUG-BLUE' }], note: '' });
    expect(passes([{ field: 'event.data.lead.pipe.name', op: 'equals', value: 'Sales' }], event)).toBe(true);
    expect(passes([{ field: 'event.data.lead.pipe.name', op: 'equals', value: 'Support' }], event)).toBe(false);
    expect(passes([{ field: 'event.data.tags', op: 'equals', value: 'vip' }], event)).toBe(true);
    expect(passes([{ field: 'event.data.line_items[0].sku', op: 'contains', value: 'mug' }], event)).toBe(true);
    expect(passes([{ field: 'event.data.note', op: 'exists' }], event)).toBe(false);
    expect(passes([{ field: 'event.data.note', op: 'missing' }], event)).toBe(true);
    expect(passes([{ field: 'event.data.gift.wrap', op: '>=', value: 0 }], event)).toBe(false);
    expect(passes([{ field: 'order.total', op: 'contains', value: '1' }], event)).toBe(true);
    expect(compileFilter(undefined)(event)).toBe(true);
  });
});

describe('recipe filter over HTTP', () => {
  it('runs the recipe only for the order that passes: two orders in, one run and one email out', async () => {
    const smtp = await startSmtp();
    const settings: SettingsInput = {
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
      recipes: [
        {
          recipe: 'shopify-order-email',
          settings: { to: ['team@example.com'] },
          filter: [
            { field: 'order.total', op: '>=', value: 100 },
            { field: 'order.currency', op: 'equals', value: 'EUR' },
          ],
        },
      ],
    };
    const started = await startEngine(settings);
    const answers = [];
    for (const order of [shopifyOrder(1, { total_price: '49.90' }), shopifyOrder(2, { total_price: '149.00' })]) {
      const body = JSON.stringify(order);
      const res = await fetch(started.webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body), body });
      expect(res.status).toBe(200);
      answers.push((await res.json()) as { runs: number });
    }
    expect(answers.map((a) => a.runs)).toEqual([0, 1]);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toContain('#1002');
    const { runs } = started.engine.state;
    await waitUntil(() => runs.list({ status: 'succeeded' }).length === 1, 'the run for the big order');
    expect(runs.list()).toHaveLength(1);
    // Both deliveries are kept: the filtered-out one is in the activity, just without a run.
    expect((started.engine.state.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(2);
    expect(smtp.mails).toHaveLength(1);
    expect((await started.engine.api['status.get']({})).recipes[0]!.filter).toHaveLength(2);
    await smtp.stop();
  });
});
