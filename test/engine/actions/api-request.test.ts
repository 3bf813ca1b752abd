import { describe, expect, it } from 'vitest';
import type { ActionError } from '../../../electron/engine/actions/action.ts';
import { apiRequest } from '../../../electron/engine/actions/api-request.ts';
import { createEngineApi } from '../../../electron/engine/api/engine-api.ts';
import { findRecipe } from '../../../electron/engine/recipes/catalog.ts';
import { sampleDelivery } from '../../../electron/engine/recipes/sample-events.ts';
import { INSTALL_ID, runAction } from '../../helpers/destinations/action-context.ts';
import { ROWS_API_KEY, startRowsApi } from '../../helpers/destinations/rows-api.ts';
import { startEngine } from '../../helpers/engine.ts';
import { SECRETS, wooHeaders, wooOrder } from '../../helpers/platforms.ts';
import { waitUntil } from '../../helpers/wait.ts';

const recipe = 'any-event-api';
const ROWS = '{"rows": [["{{ order.number }}", "{{ person.name }}", {{ order.total }}]]}';
const order = sampleDelivery(findRecipe('any-order-salesforce')!).event;
const settings = (url: string, extra: Record<string, unknown> = {}) => ({ url, authValue: ROWS_API_KEY, ...extra });

describe('Any event → your API, in its format', () => {
  it('sends the body written for the API, with its key header and the same X-Hooktray-Delivery on every attempt', async () => {
    const api = await startRowsApi();
    api.inject({ status: 503, body: { error: 'busy' } });
    const attempt = (n: number) =>
      runAction(apiRequest, settings(api.rowsUrl, { headers: 'X-Team: shop\nX-Source: hooktray' }), {
        recipe,
        event: order,
        templates: { body_json: ROWS },
        runId: 12,
        attempt: n,
      }).catch((e: unknown) => e as ActionError);
    expect(((await attempt(1)) as ActionError).kind).toBe('transient');
    expect(await attempt(2)).toEqual({ detail: `sent to ${new URL(api.url).host} (201)` });
    // The owner presses Retry on the finished run: the API drops it by its idempotency key.
    await attempt(3);
    expect(api.rows).toEqual([['#1001', 'Jane Example', 49.9]]);
    expect(new Set(api.requests.map((r) => r.headers['x-hooktray-delivery']))).toEqual(new Set([`${INSTALL_ID}:12`]));
    expect(api.requests[1]!.headers).toMatchObject({
      authorization: ROWS_API_KEY,
      'x-team': 'shop',
      'x-source': 'hooktray',
      'content-type': 'application/json',
      'x-hooktray-event': 'order.created',
    });
  });

  it('follows the API’s answers: 429 waits as Retry-After says, a refused body or key is permanent and says what the API said', async () => {
    const api = await startRowsApi();
    api.inject({ status: 429, headers: { 'retry-after': '9' }, body: { error: 'slow down' } });
    const limited = (await runAction(apiRequest, settings(api.rowsUrl), { recipe, templates: { body_json: ROWS } }).catch((e: unknown) => e)) as ActionError;
    expect([limited.kind, limited.rateLimited, limited.retryAfterMs]).toEqual(['transient', true, 9000]);
    const wrongShape = (await runAction(apiRequest, settings(api.rowsUrl), { recipe, templates: { body_json: '{"row": "{{ order.number }}"}' } }).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect([wrongShape.kind, wrongShape.message]).toEqual([
      'permanent',
      expect.stringMatching(/refused the body: compare the recipe’s Body .*rows must be a list of lists/),
    ]);
    const wrongKey = (await runAction(apiRequest, settings(api.rowsUrl, { authValue: 'Bearer nope' }), { recipe, templates: { body_json: ROWS } }).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect([wrongKey.kind, wrongKey.message]).toEqual(['permanent', expect.stringMatching(/refused the key: check the key header and key in the recipe/)]);
    expect(wrongKey.message).not.toContain('nope');
  });

  it('refuses headers it sets itself and header lines that are not "Name: value"', () => {
    expect(() => apiRequest.settings.parse({ url: 'https://x.example', headers: 'X-Hooktray-Delivery: 1' })).toThrow(
      /Hooktray sets X-Hooktray-Delivery itself/,
    );
    expect(() => apiRequest.settings.parse({ url: 'https://x.example', headers: 'just words' })).toThrow(
      /just words.{0,3} is not a header: write one per line as Name: value/,
    );
    expect(() => apiRequest.settings.parse({ url: 'https://x.example', headers: { 'X-Team': '' } })).toThrow(/give X-Team a value/);
  });

  it('an invalid body is refused at save with the line it fails on, and the saved recipe is unchanged', async () => {
    const api = await startRowsApi();
    const { engine } = await startEngine({ recipes: [] });
    const handlers = createEngineApi(engine);
    const broken = '{\n  "rows": [\n    ["{{ order.number }}" {{ order.total }}]\n  ]\n}';
    await expect(handlers['recipes.save']({ recipe, enabled: true, settings: settings(api.rowsUrl), templates: { body_json: broken } })).rejects.toThrow(
      /recipes\[0\]\.templates\.body_json: line 3: the body is not valid JSON/,
    );
    expect(engine.currentSettings.recipes).toEqual([]);
    await handlers['recipes.save']({ recipe, enabled: true, settings: settings(api.rowsUrl), templates: { body_json: ROWS } });
    expect(engine.currentSettings.recipes).toHaveLength(1);
  });

  it('a signed WooCommerce order reaches the API in its format once, the key never in the settings the window sees', async () => {
    const api = await startRowsApi();
    const { engine, webhooks } = await startEngine({
      sources: { woocommerce: { secret: SECRETS.woocommerce } },
      runner: { baseDelayMs: 50 },
      recipes: [{ recipe, settings: settings(api.rowsUrl), templates: { body_json: ROWS } }],
    });
    const body = JSON.stringify(wooOrder(2051, { billing: { ...wooOrder(1).billing, first_name: 'Lena "The Baker"', last_name: '</script>' } }));
    for (let i = 0; i < 2; i++) await fetch(webhooks.woocommerce!, { method: 'POST', headers: wooHeaders(body), body });
    await waitUntil(() => engine.state.runs.list({ status: 'succeeded' }).length === 1, 'the run to succeed');
    expect(api.rows).toEqual([['#2051', 'Lena "The Baker" </script>', 64.5]]);
    const status = await createEngineApi(engine)['status.get']({});
    expect(status.recipes[0]!.settings).toMatchObject({ authValue: true });
  });
});
