import type { Run } from '../../shared/runs.ts';

/** A run as the store answers it, with the fields a test cares about changed. */
export function aRun(over: Partial<Run> = {}): Run {
  const at = '2026-11-20T10:00:00.000Z';
  return {
    id: 1,
    recipeId: 'shopify-order-email',
    eventId: 1,
    source: 'shopify',
    eventType: 'order.created',
    summary: 'Order #1042 from Jane Doe, 49.90 EUR',
    status: 'succeeded',
    attempts: 1,
    test: false,
    replay: false,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}
