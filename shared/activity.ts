import type { SourceId } from './sources.ts';
import type { RunStatus } from './runs.ts';

/** One line of the tray log and the activity view, already in plain words. */
export interface ActivityEntry {
  at: string;
  level: 'info' | 'success' | 'warning' | 'error';
  text: string;
  /** The technical cause behind the words (an error code, a server's message), for a details line. */
  detail?: string;
  source?: SourceId;
  recipeId?: string;
  runId?: number;
}

/** What a delivery did, as the live event stream tells it. */
export interface DeliveryNotice {
  source: SourceId;
  platformEvent: string;
  duplicate: boolean;
  summaries: string[];
  runIds: number[];
  origin: 'webhook' | 'relay' | 'catch-up' | 'test';
}

export interface RunNotice {
  id: number;
  recipeId: string;
  status: RunStatus;
  attempt: number;
  summary: string;
  error?: string;
  detail?: string;
  nextAttemptAt?: string;
  test: boolean;
}
