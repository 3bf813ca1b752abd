import type { ActivityEntry, RunNotice } from './activity.ts';
import { clockTime } from './clock-time.ts';
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
  origin: 'webhook' | 'relay' | 'catch-up' | 'test';
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

/** A finished run from the stored activity, as the live `run` event would have told it. */
export interface StoredRun {
  /** When its delivery came in. */
  at: string;
  notice: RunNotice;
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
      const notice: RunNotice = {
        id: run.id,
        recipeId: run.recipeId,
        status: run.status,
        attempt: run.attempts,
        summary: item.summary,
        test: run.test,
        ...(run.lastError ? { error: run.lastError } : {}),
        ...(run.detail ? { detail: run.detail } : {}),
        ...(run.nextAttemptAt ? { nextAttemptAt: run.nextAttemptAt } : {}),
      };
      out.push({ at: item.receivedAt, notice });
      if (out.length === limit) return out;
    }
  }
  return out;
}

/**
 * A finished run as a line of the activity log: "Order #1042 from Jane → New Shopify order → email
 * the team ✓" in the owner's words, and how it reads (success, warning while it will be tried
 * again, error once it failed). The engine words live runs with it and the window words stored
 * ones, so the same run reads the same either way, retry time in the owner's local clock included.
 */
export function runActivity(notice: RunNotice, title = notice.recipeId): Pick<ActivityEntry, 'level' | 'text'> {
  const what = `${notice.test ? '[test] ' : ''}${notice.summary} → ${title}`;
  if (notice.status === 'succeeded') return { level: 'success', text: `${what} ✓` };
  if (notice.status === 'retrying') return { level: 'warning', text: `${what} ✗ ${notice.error ?? ''} (retrying at ${notice.nextAttemptAt ? clockTime(notice.nextAttemptAt) : 'soon'})` };
  return { level: 'error', text: `${what} ✗ failed: ${notice.error ?? ''}` };
}
