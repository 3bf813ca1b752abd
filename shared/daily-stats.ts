import type { EventType } from './event-types.ts';
import type { SourceId } from './sources.ts';

/** The periods Home's chart offers, in days. */
export const STATS_PERIODS = [14, 30, 90] as const;

/**
 * One number of one day: events of real deliveries by platform and type, or runs by platform and
 * recipe as they now stand (done, failed). Tests and replays are never counted.
 */
export type DailyCount =
  | { day: string; source: SourceId; kind: 'received'; type: EventType; n: number }
  | { day: string; source: SourceId; kind: 'done' | 'failed'; recipeId: string; n: number };

/** What Home's chart and today line show (stats.daily). */
export interface DailyStats {
  /** The owner's local dates (YYYY-MM-DD), oldest first; the last is today. */
  days: string[];
  /** The days' numbers; a day, platform and kind without any is left out. */
  counts: DailyCount[];
  /** Runs waiting to be tried again (tests left out), and the soonest next try. */
  retrying: { runs: number; nextAt?: string };
  /** Each platform's newest real delivery (ISO time), tests left out; a platform never heard from is missing. */
  lastReceived: Partial<Record<SourceId, string>>;
}

/** What an event counts as in the owner's words. */
export type ReceivedKind = 'orders' | 'payments' | 'customers' | 'contacts' | 'tickets' | 'forms' | 'other';

export function receivedKind(type: EventType): ReceivedKind {
  if (type === 'order.created') return 'orders';
  if (type === 'order.paid' || type === 'payment.succeeded') return 'payments';
  if (type === 'customer.created') return 'customers';
  if (type === 'contact.created' || type === 'contact.updated') return 'contacts';
  if (type === 'ticket.created') return 'tickets';
  if (type === 'form.submitted') return 'forms';
  return 'other';
}

/** The sum per day (aligned with `stats.days`) of the counts `pick` keeps. */
export function perDay(stats: DailyStats, pick: (count: DailyCount) => boolean): number[] {
  const at = new Map(stats.days.map((day, i) => [day, i]));
  const sums = stats.days.map(() => 0);
  for (const count of stats.counts) {
    const i = at.get(count.day);
    if (i !== undefined && pick(count)) sums[i]! += count.n;
  }
  return sums;
}

/** The sum of one day's counts that `pick` keeps, by platform. */
export function bySource(stats: DailyStats, day: string, pick: (count: DailyCount) => boolean): Partial<Record<SourceId, number>> {
  const out: Partial<Record<SourceId, number>> = {};
  for (const count of stats.counts) if (count.day === day && pick(count)) out[count.source] = (out[count.source] ?? 0) + count.n;
  return out;
}

/** `days` local dates ending with `today` (YYYY-MM-DD), oldest first: calendar arithmetic, no time zones. */
export function dayRange(today: string, days: number): string[] {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const out: string[] = [];
  for (let back = days - 1; back >= 0; back--) out.push(new Date(Date.UTC(y, m - 1, d - back)).toISOString().slice(0, 10));
  return out;
}
