import { bySource, perDay, receivedKind, type DailyCount, type DailyStats } from './daily-stats.ts';
import { platformTitle } from './sources.ts';

/** The chart's lines, one number per day of `stats.days`. */
export interface DailySeries {
  orders: number[];
  payments: number[];
  done: number[];
  failed: number[];
}

const isOrder = (c: DailyCount) => c.kind === 'received' && receivedKind(c.type) === 'orders';
const isPayment = (c: DailyCount) => c.kind === 'received' && receivedKind(c.type) === 'payments';
const isDone = (c: DailyCount) => c.kind === 'done';
const isFailed = (c: DailyCount) => c.kind === 'failed';

export function dailySeries(stats: DailyStats): DailySeries {
  return { orders: perDay(stats, isOrder), payments: perDay(stats, isPayment), done: perDay(stats, isDone), failed: perDay(stats, isFailed) };
}

/** "1 order", "3 orders". */
export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A local date (YYYY-MM-DD) as the owner reads it: "Mon 30 Nov". */
export function dayWords(day: string, locale?: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toLocaleDateString(locale, { weekday: 'short', day: 'numeric', month: 'short' });
}

/**
 * "Today: 12 orders, 12 emails sent, 1 failed, 1 retrying at 14:10". `actionOf` names a
 * recipe's action ("email"), so what was done reads as what it did; `clock` formats a time.
 */
export function todayLine(stats: DailyStats, actionOf: (recipeId: string) => string | undefined, clock: (iso: string) => string): string {
  const today = stats.days.at(-1)!;
  const of = (pick: (c: DailyCount) => boolean) => stats.counts.filter((c) => c.day === today && pick(c)).reduce((sum, c) => sum + c.n, 0);
  const emails = of((c) => c.kind === 'done' && actionOf(c.recipeId) === 'email');
  const otherDone = of(isDone) - emails;
  const parts = [count(of(isOrder), 'order')];
  const payments = of(isPayment);
  if (payments) parts.push(count(payments, 'payment'));
  // A help desk's or a website's owner hears of those too, when there were any.
  const tickets = of((c) => c.kind === 'received' && receivedKind(c.type) === 'tickets');
  if (tickets) parts.push(count(tickets, 'new ticket'));
  const forms = of((c) => c.kind === 'received' && receivedKind(c.type) === 'forms');
  if (forms) parts.push(count(forms, 'form entry', 'form entries'));
  parts.push(count(emails, 'email sent', 'emails sent'));
  if (otherDone) parts.push(count(otherDone, 'other task done', 'other tasks done'));
  parts.push(`${of(isFailed)} failed`);
  const { runs, nextAt } = stats.retrying;
  if (runs) parts.push(`${runs} retrying${nextAt ? ` at ${clock(nextAt)}` : ''}`);
  return `Today: ${parts.join(', ')}`;
}

/** One day by platform, for the chart's hover: "Shopify: 5 orders, 5 done · Stripe: 2 payments". */
export function dayByPlatform(stats: DailyStats, day: string): string {
  const picks = [
    ['order', isOrder],
    ['payment', isPayment],
    ['done', isDone],
    ['failed', isFailed],
  ] as const;
  const tallies = picks.map(([word, pick]) => [word, bySource(stats, day, pick)] as const);
  const sources = [...new Set(tallies.flatMap(([, by]) => Object.keys(by)))] as (keyof (typeof tallies)[0][1])[];
  if (!sources.length) return 'Nothing that day.';
  return sources
    .map((source) => {
      const words = tallies
        .filter(([, by]) => by[source])
        .map(([word, by]) => (word === 'done' || word === 'failed' ? `${by[source]} ${word}` : count(by[source]!, word)));
      return `${platformTitle(source)}: ${words.join(', ')}`;
    })
    .join(' · ');
}

/** The chart in one sentence, for screen readers: the period's totals and the busiest day. */
export function chartDescription(stats: DailyStats, locale?: string): string {
  const series = dailySeries(stats);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const received = series.orders.map((n, i) => n + series.payments[i]!);
  const busiest = received.reduce((best, n, i) => (n > received[best]! ? i : best), 0);
  const totals = `Last ${stats.days.length} days: ${count(sum(series.orders), 'order')}, ${count(sum(series.payments), 'payment')} received; ${sum(series.done)} done, ${sum(series.failed)} failed.`;
  return received[busiest] ? `${totals} Busiest day: ${dayWords(stats.days[busiest]!, locale)}, ${received[busiest]} received.` : totals;
}
