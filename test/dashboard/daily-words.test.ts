import { describe, expect, it } from 'vitest';
import type { DailyStats } from '../../shared/daily-stats.ts';
import { chartDescription, dayByPlatform, todayLine } from '../../shared/daily-words.ts';

const days = ['2026-11-30', '2026-12-01', '2026-12-02'];
const stats: DailyStats = {
  days,
  counts: [
    { day: '2026-12-01', source: 'shopify', kind: 'received', type: 'order.created', n: 7 },
    { day: '2026-12-02', source: 'shopify', kind: 'received', type: 'order.created', n: 11 },
    { day: '2026-12-02', source: 'woocommerce', kind: 'received', type: 'order.created', n: 1 },
    { day: '2026-12-02', source: 'shopify', kind: 'done', recipeId: 'shopify-order-email', n: 11 },
    { day: '2026-12-02', source: 'woocommerce', kind: 'done', recipeId: 'woo-order-email', n: 1 },
    { day: '2026-12-02', source: 'woocommerce', kind: 'done', recipeId: 'woo-to-hubspot', n: 1 },
    { day: '2026-12-02', source: 'shopify', kind: 'failed', recipeId: 'shopify-order-email', n: 1 },
  ],
  retrying: { runs: 1, nextAt: '2026-12-02T14:10:00.000Z' },
  lastReceived: { shopify: '2026-12-02T13:00:00.000Z' },
};
const actionOf = (recipeId: string) => (recipeId.endsWith('email') ? 'email' : 'hubspot');
const utcClock = (iso: string) => iso.slice(11, 16);

describe("Home's words for the daily numbers", () => {
  it('says today in one line: orders, what was sent, what failed and when the next try is', () => {
    expect(todayLine(stats, actionOf, utcClock)).toBe('Today: 12 orders, 12 emails sent, 1 other task done, 1 failed, 1 retrying at 14:10');
    const quiet: DailyStats = {
      ...stats,
      counts: [
        { day: '2026-12-02', source: 'stripe', kind: 'received', type: 'payment.succeeded', n: 1 },
        { day: '2026-12-02', source: 'zendesk', kind: 'received', type: 'ticket.created', n: 2 },
        { day: '2026-12-02', source: 'zendesk', kind: 'received', type: 'ticket.updated', n: 5 },
        { day: '2026-12-02', source: 'form', kind: 'received', type: 'form.submitted', n: 1 },
      ],
      retrying: { runs: 0 },
    };
    expect(todayLine(quiet, actionOf, utcClock)).toBe('Today: 0 orders, 1 payment, 2 new tickets, 1 form entry, 0 emails sent, 0 failed');
  });

  it('names each platform for a day, and sums the period for screen readers', () => {
    expect(dayByPlatform(stats, '2026-12-02')).toBe('Shopify: 11 orders, 11 done, 1 failed · WooCommerce: 1 order, 2 done');
    expect(dayByPlatform(stats, '2026-11-30')).toBe('Nothing that day.');
    expect(chartDescription(stats, 'en-GB')).toBe('Last 3 days: 19 orders, 0 payments received; 13 done, 1 failed. Busiest day: Wed 2 Dec, 12 received.');
  });
});
