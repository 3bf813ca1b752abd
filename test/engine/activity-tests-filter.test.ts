import { describe, expect, it, onTestFinished } from 'vitest';
import type { ApiArgs } from '../../shared/contract.ts';
import { startEngine } from '../helpers/engine.ts';
import { deliver } from '../helpers/deliver.ts';
import { SHOPIFY_SECRET, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { waitUntil } from '../helpers/wait.ts';

type Filter = ApiArgs<'activity.count'>;

describe('Activity → Tests', () => {
  it('lists exactly the Send test event deliveries; a status filter (Failed above all) counts real work only', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const { engine, webhooks } = await startEngine({
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
      recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
    });
    const api = engine.api;
    const finished = (id: number) => waitUntil(() => ['succeeded', 'failed'].includes(engine.state.runs.find(id)?.status ?? ''), `run ${id} to finish`);

    // One test that works, a real order that works, then the server refuses: a test and a real order fail.
    const passedTest = await api['recipes.sendTest']({ id: 'shopify-order-email' });
    await finished(passedTest.id);
    await deliver(webhooks.shopify, shopifyOrder(1));
    await smtp.waitFor(2);
    smtp.refuse = true;
    const failedTest = await api['recipes.sendTest']({ id: 'shopify-order-email' });
    await finished(failedTest.id);
    await deliver(webhooks.shopify, shopifyOrder(2));
    const failedOrder = await waitUntil(() => engine.state.runs.list({ status: 'failed' }).find((r) => !r.test), 'the real order to fail');

    const listed = async (filter: Filter) => {
      const page = await api['activity.list'](filter);
      const { total } = await api['activity.count'](filter);
      // The count (the list's scroll height) always agrees with the list.
      expect(total, JSON.stringify(filter)).toBe(page.items.length);
      return page.items.map((i) => i.eventId);
    };

    // Tests: exactly the two test deliveries, newest first, each with its one test run.
    const tests = await api['activity.list']({ tests: true });
    expect(tests.items.map((i) => ({ origin: i.origin, runs: i.runs.map((r) => [r.id, r.test, r.status]) }))).toEqual([
      { origin: 'test', runs: [[failedTest.id, true, 'failed']] },
      { origin: 'test', runs: [[passedTest.id, true, 'succeeded']] },
    ]);
    expect(await listed({ tests: true })).toEqual([failedTest.eventId, passedTest.eventId]);

    // Failed is what needs the owner: the real order only, never the failed test.
    expect(await listed({ status: 'failed' })).toEqual([failedOrder.eventId]);
    expect(await listed({ status: 'failed', recipeId: 'shopify-order-email' })).toEqual([failedOrder.eventId]);
    expect(await listed({ status: 'failed', source: 'shopify' })).toEqual([failedOrder.eventId]);
    expect(await listed({ status: 'succeeded' })).toHaveLength(1);
    // Tests and a status: how the tests went.
    expect(await listed({ tests: true, status: 'failed' })).toEqual([failedTest.eventId]);
    // All is the whole record, tests included (marked as tests); tests: false leaves them out.
    expect(await listed({})).toHaveLength(4);
    expect(await listed({ tests: false })).toEqual((await listed({})).filter((id) => id !== failedTest.eventId && id !== passedTest.eventId));
    expect(await listed({ tests: true, search: '1001' })).toEqual([failedTest.eventId, passedTest.eventId]);

    // A test sent through the recipes again with Replay is real work: its failed replay needs the owner.
    const { runIds } = await api['activity.replay']({ eventId: failedTest.eventId });
    await finished(runIds[0]!);
    expect(await listed({ status: 'failed' })).toEqual([failedOrder.eventId, failedTest.eventId].sort((a, b) => b - a));
    expect(await listed({ status: 'failed', recipeId: 'shopify-order-email' })).toHaveLength(2);
    expect(await listed({ tests: true })).toEqual([failedTest.eventId, passedTest.eventId]);
  });
});
