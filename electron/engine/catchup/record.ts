import type { SourceId } from '../../../shared/sources.ts';

/** One resource fetched from a platform's API, in the shape its webhook would have carried. */
export interface FetchedRecord {
  source: SourceId;
  /** The webhook topic/type it stands for ("orders/create", "order.created", an event type). */
  platformEvent: string;
  /** Headers a webhook would have carried that the source's normaliser reads (topic, shop…). */
  headers: Record<string, string>;
  payload: unknown;
}

/**
 * The common event types the owner's recipes want from a platform ("order.created", "*" for
 * all); undefined means everything. Fetchers skip the resources nobody wants, which saves API
 * budget and scopes the owner did not grant (e.g. Shopify customers without read_customers).
 */
export type WantedEvents = ReadonlySet<string> | undefined;

export function wants(wanted: WantedEvents, type: string): boolean {
  return !wanted || wanted.has('*') || wanted.has(type);
}

/** A platform's catch-up: what was created or changed since `since`. */
export type FetchSince = (api: Readonly<Record<string, unknown>>, since: Date, fetchImpl: typeof fetch, wanted?: WantedEvents) => Promise<FetchedRecord[]>;
