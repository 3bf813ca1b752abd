import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import type { ApiArgs, ApiName, ApiResult } from '../../shared/contract.ts';
// The window's global declarations, which the renderer's store below type-checks against.
import type {} from '../../renderer/src/env.d.ts';
import { useActivityStore } from '../../renderer/src/stores/activity-store.ts';
import { setTransport } from '../../renderer/src/stores/transport-ref.ts';
import { deliver } from '../helpers/deliver.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyOrder } from '../helpers/shopify.ts';
import { waitUntil } from '../helpers/wait.ts';

/**
 * The window's activity store on a real engine, through a transport that can hold back the
 * answer to one `activity.get`, so a refresh's answer arrives after the owner's next click:
 * the order a busy machine can produce on its own.
 */
async function storeWithTwoOrders() {
  const started = await startEngine({
    sources: { shopify: { secret: SHOPIFY_SECRET } },
    paused: true,
    recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
  });
  for (const n of [1, 2]) await deliver(started.webhooks.shopify, shopifyOrder(n));
  const held: { eventId: number; release: () => void }[] = [];
  let holdNext: number | undefined;
  setActivePinia(createPinia());
  setTransport({
    call: async <N extends ApiName>(name: N, args: ApiArgs<N>) => {
      const answer = await (started.engine.api[name] as (a: ApiArgs<N>) => Promise<ApiResult<N>>)(args);
      const { eventId } = args as { eventId?: number };
      if (name === 'activity.get' && eventId !== undefined && eventId === holdNext) {
        holdNext = undefined;
        await new Promise<void>((release) => held.push({ eventId, release }));
      }
      return answer;
    },
    subscribe: () => () => {},
  });
  const store = useActivityStore();
  await store.reload();
  const [second, first] = Object.values(store.rows).map((r) => r.eventId);
  return { store, first: first!, second: second!, held, hold: (eventId: number) => (holdNext = eventId) };
}

describe('the activity detail in the window', () => {
  it('shows the row the owner opened last, even when a refresh of the one before answers later', async () => {
    const { store, first, second, held, hold } = await storeWithTwoOrders();
    await store.open(first);
    hold(first);
    // A live event refreshes the open detail; its answer is held while the owner opens the other row.
    const refreshing = store.refreshNewest();
    await waitUntil(() => held.length === 1, 'the refresh to ask for the open detail');
    await store.open(second);
    expect(store.detail?.eventId).toBe(second);
    held[0]!.release();
    await refreshing;
    expect(store.detail?.eventId).toBe(second);
  });

  it('stays closed when a refresh of the detail answers after the owner closed it', async () => {
    const { store, first, held, hold } = await storeWithTwoOrders();
    await store.open(first);
    hold(first);
    const refreshing = store.refreshNewest();
    await waitUntil(() => held.length === 1, 'the refresh to ask for the open detail');
    store.close();
    held[0]!.release();
    await refreshing;
    expect(store.detail).toBeUndefined();
  });
});
