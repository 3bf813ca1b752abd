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

/** A platform's catch-up: what was created or changed since `since`. */
export type FetchSince = (api: Readonly<Record<string, unknown>>, since: Date, fetchImpl: typeof fetch) => Promise<FetchedRecord[]>;
