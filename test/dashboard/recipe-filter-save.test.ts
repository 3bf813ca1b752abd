import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../shared/contract.ts';
import type { RecipeInstance } from '../../shared/recipes.ts';
import { startDashboard } from '../../electron/cli/dashboard.ts';
import { silentLogger, startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';

/** The wizard's recipes.save over the dashboard's HTTP API, against a real engine and settings file. */
async function setup() {
  const started = await startEngine({
    sources: { shopify: { secret: SHOPIFY_SECRET } },
    smtp: { host: '127.0.0.1', port: 9, from: 'Shop <shop@example.com>' },
    paused: true,
  });
  const dashboard = await startDashboard(started.engine, { port: 0, logger: silentLogger });
  const url = new URL(dashboard.url);
  const token = url.hash.replace('#token=', '');
  /** recipes.save answers the owner's recipes, or an error body with a message. */
  const call = async <T = RecipeInstance[] & { message?: string }>(op: string, args: unknown = {}) => {
    const res = await fetch(`${url.origin}/api/${op}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const stored = () => JSON.parse(readFileSync(join(started.dataDir, 'settings.json'), 'utf8'));
  return { ...started, dashboard, call, stored };
}

const BIG_ORDERS = [{ field: 'order.total', op: '>=', value: 100 }];
const recipe = { recipe: 'shopify-order-email', enabled: true, settings: { to: ['team@example.com'] } };

describe('recipes.save with a filter', () => {
  it('stores the filter, returns it, keeps it on a save without one, and removes it with []', async () => {
    const { call, stored, dashboard } = await setup();
    const saved = await call('recipes.save', { ...recipe, filter: BIG_ORDERS });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual([expect.objectContaining({ id: 'shopify-order-email', filter: BIG_ORDERS })]);
    expect(stored().recipes).toEqual([{ recipe: 'shopify-order-email', enabled: true, settings: { to: ['team@example.com'] }, filter: BIG_ORDERS }]);
    expect((await call<EngineStatus>('status.get')).body.recipes[0]!.filter).toEqual(BIG_ORDERS);

    // An import from an older export has no filter: the stored one stays.
    await call('recipes.save', { ...recipe, enabled: false });
    expect(stored().recipes[0].filter).toEqual(BIG_ORDERS);
    // Changed in the wizard: replaced.
    const tagged = [
      { field: 'event.data.tags', op: 'contains', value: 'wholesale' },
      { field: 'person.email', op: 'exists' },
    ];
    expect((await call('recipes.save', { ...recipe, filter: tagged })).body[0]!.filter).toEqual(tagged);
    // All rows removed: no filter at all, not an empty list.
    const cleared = await call('recipes.save', { ...recipe, filter: [] });
    expect(cleared.body[0]!.filter).toBeUndefined();
    expect(stored().recipes[0]).not.toHaveProperty('filter');
    await dashboard.close();
  });

  it('refuses a condition that cannot work, naming the row and the field', async () => {
    const { call, stored, dashboard } = await setup();
    const before = stored();
    const bad = await call('recipes.save', {
      ...recipe,
      filter: [
        { field: 'order.total', op: '>=', value: 100 },
        { field: 'order.total', op: '>=', value: 'lots' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('filter[1].value: ">=" compares numbers: use a number such as 100.');
    const root = await call('recipes.save', { ...recipe, filter: [{ field: 'total', op: 'equals', value: 1 }] });
    expect(root.body.message).toMatch(/^filter\[0\]\.field must start with one of order, person/);
    expect(stored()).toEqual(before);
    await dashboard.close();
  });

  it('runs the recipe only for events that pass the saved filter', async () => {
    const { call, engine, webhooks, dashboard } = await setup();
    await call('recipes.save', { ...recipe, filter: BIG_ORDERS });
    for (const [n, total] of [
      [50, '50.00'],
      [150, '150.00'],
    ] as const) {
      const body = JSON.stringify(shopifyOrder(n, { total_price: total }));
      expect((await fetch(webhooks.shopify!, { method: 'POST', headers: shopifyHeaders(body), body })).status).toBe(200);
    }
    const runs = engine.state.runs.list({});
    expect(runs.map((r) => r.summary)).toEqual([expect.stringContaining('#1150')]);
    await dashboard.close();
  });
});
