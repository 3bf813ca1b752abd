import type { AttemptOutcome, Rejection, RunStatus } from '../../../shared/runs.ts';
import type { JournalFailure } from './journal-failure.ts';

// What crosses between the main thread and the journal writer: plain records only (numbers,
// text, bytes), so nothing can be too deep to copy or to read back (see journal-worker.ts).

/** A delivery as it travels to the writer: events already serialised and matched to recipes. */
export interface DeliveryRecord {
  source: string;
  platformId?: string;
  platformEvent: string;
  origin: string;
  receivedAt: number;
  headers: string;
  body: Uint8Array;
  /** `search`: what the activity search finds the event by (search-text.ts). */
  events: {
    source: string;
    key: string;
    type: string;
    platformEvent: string;
    summary: string;
    search: string;
    occurredAt: string;
    json: string;
    recipes: string[];
  }[];
  test: boolean;
  /** A test of unsaved changes: the edited recipe's id in DraftRecipes, recorded with its run. */
  draft?: string;
}

export interface AcceptResult {
  duplicate: boolean;
  deliveryId?: number;
  /** Events stored for the first time (an event key seen before triggers nothing again). */
  eventIds: number[];
  runIds: number[];
}

export type AcceptOutcome = AcceptResult | { error: JournalFailure };

/** A run the journal writer has marked running, as it crosses back from the writer's thread. */
export interface ClaimedRow {
  id: number;
  recipeId: string;
  /** Attempt number about to be made (1-based, over the run's whole life). */
  attempt: number;
  /** Attempts made since the last manual retry, including this one: what the retry limit counts. */
  budgetUsed: number;
  test: boolean;
  /** Set for a test of unsaved changes: the edited recipe to run, by its id in DraftRecipes. */
  draft?: string;
  eventId: number;
}

/** One attempt of a run, as recorded. */
export interface AttemptRecord {
  startedAt: number;
  finishedAt: number;
  outcome: AttemptOutcome;
  error?: string;
  detail?: string;
  /** Status after this attempt: succeeded, retrying (with nextAttemptAt) or failed. */
  status: Extract<RunStatus, 'succeeded' | 'retrying' | 'failed'>;
  nextAttemptAt?: number;
}

/** A refused request as the webhook listener hands it over. */
export type NewRejection = Omit<Rejection, 'id' | 'at'> & { at: number };
/** A rejection as the journal writer stores it. */
export type StoredRejection = Omit<NewRejection, 'headers'> & { headers: string };
