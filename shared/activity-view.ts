import type { EventType } from './events.ts';
import type { Run, RunDetail } from './runs.ts';
import type { SourceId } from './sources.ts';

/**
 * How a delivery came in: from the platform (webhook), handed over by our relay after this
 * computer was away (relay), fetched from the platform's API (catch-up), or Send test event.
 */
export type DeliveryOrigin = 'webhook' | 'relay' | 'catch-up' | 'test';

/** One row of the activity view: something that came in, and what the recipes did with it. */
export interface ActivityItem {
  eventId: number;
  receivedAt: string;
  source: SourceId;
  type: EventType;
  platformEvent: string;
  summary: string;
  /** How it came in (see DeliveryOrigin). */
  origin: DeliveryOrigin;
  runs: Run[];
}

export interface ActivityPage {
  items: ActivityItem[];
  /** Pass as beforeId to get the next (older) page; absent on the last page. */
  nextBeforeId?: number;
}

/** The detail view: the item, what exactly arrived, and every attempt of every run. */
export interface ActivityDetail extends ActivityItem {
  headers: Record<string, string>;
  /** The body as received; pretty-printed when it is JSON. */
  payload: string;
  runs: RunDetail[];
}

/** A finished run from the stored activity, and when its delivery came in. */
export interface StoredRun {
  at: string;
  run: Run;
}

/**
 * The newest finished runs in the stored activity (newest first): what the tray's recent list and
 * Home's show right after a start, before any live event has arrived.
 */
export function storedRuns(items: ActivityItem[], limit = 10): StoredRun[] {
  const out: StoredRun[] = [];
  for (const item of items) {
    for (const run of [...item.runs].sort((a, b) => b.id - a.id)) {
      if (run.status !== 'succeeded' && run.status !== 'failed' && run.status !== 'retrying') continue;
      out.push({ at: item.receivedAt, run });
      if (out.length === limit) return out;
    }
  }
  return out;
}
