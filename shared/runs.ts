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

/**
 * A run: one recipe instance working on one event. The one shape every layer uses: the store's
 * answers, the live `run` event, the activity view, the tray and the CLI's `run` line.
 */
export interface Run {
  id: number;
  /** The recipe instance (its id; the catalog id unless the owner runs a recipe twice). */
  recipeId: string;
  eventId: number;
  source: SourceId;
  eventType: EventType;
  /** The event in plain words: "Order #1042 from Jane Doe, 49.90 EUR". */
  summary: string;
  status: RunStatus;
  /** Attempts made so far. */
  attempts: number;
  /** When it runs next: only while it waits for that (queued or retrying). */
  nextAttemptAt?: string;
  /** What the last failed attempt said, in plain words. */
  lastError?: string;
  /** What the action reported back (message id, CRM contact id, …). */
  detail?: string;
  /** Started by Send test event: tried once, never again by itself, and left out of every count. */
  test: boolean;
  /** Started by Replay in Activity (the delivery sent through the recipes once more): left out of the daily numbers. */
  replay: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Whether a run shows when it runs next: only while it is waiting to. */
export function waitsForNextAttempt(status: RunStatus): boolean {
  return status === 'queued' || status === 'retrying';
}

export interface RunDetail extends Run {
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
