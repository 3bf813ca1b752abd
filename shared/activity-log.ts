import type { EventType } from './events.ts';
import type { Attempt, RunStatus } from './runs.ts';
import type { SourceId } from './sources.ts';

/** A run as the activity view lists it under its delivery. */
export interface ActivityRun {
  id: number;
  recipeId: string;
  status: RunStatus;
  attempts: number;
  test: boolean;
  lastError?: string;
  nextAttemptAt?: string;
  detail?: string;
}

/** One row of the activity view: something that came in, and what the recipes did with it. */
export interface ActivityItem {
  eventId: number;
  receivedAt: string;
  source: SourceId;
  type: EventType;
  platformEvent: string;
  summary: string;
  /** webhook, catch-up (fetched from the platform's API after time offline) or test. */
  origin: 'webhook' | 'catch-up' | 'test';
  runs: ActivityRun[];
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
  runs: (ActivityRun & { attemptLog: Attempt[] })[];
}
