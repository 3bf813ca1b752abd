import type { EventType } from './events.ts';
import type { SourceId } from './sources.ts';

export const RUN_STATUSES = ['queued', 'running', 'retrying', 'succeeded', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** rate-limited: the destination answered 429; the wait does not count against the run's attempts. */
export type AttemptOutcome = 'succeeded' | 'transient' | 'permanent' | 'rate-limited';

export interface Attempt {
  n: number;
  startedAt: string;
  finishedAt: string;
  outcome: AttemptOutcome;
  /** Plain-language error, absent on success. */
  error?: string;
  /** What the action reports back (message id, CRM contact id, …). */
  detail?: string;
}

export interface RunSummary {
  id: number;
  recipeId: string;
  eventId: number;
  source: SourceId;
  eventType: EventType;
  summary: string;
  status: RunStatus;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  detail?: string;
  test: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RunDetail extends RunSummary {
  attemptLog: Attempt[];
}

/** A request we refused, kept so the owner can see why a platform's test failed. */
export interface Rejection {
  id: number;
  at: string;
  source: string;
  status: number;
  code: string;
  message: string;
  headers: Record<string, string>;
  excerpt: string;
}
