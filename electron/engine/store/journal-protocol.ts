import type { JournalFailure } from './journal-failure.ts';
import type { AcceptOutcome, DeliveryRecord } from './journal-records.ts';
import type { JournalWrites } from './journal-writes.ts';

/** Writes other than deliveries that the journal worker performs. */
export type JournalMethod = 'claimDue' | 'recordAttempt' | 'release' | 'requeueInterrupted' | 'retry' | 'replay' | 'recordRejection' | 'indexSearch';
export type JournalArgs<M extends JournalMethod> = Parameters<JournalWrites[M]>;
export type JournalValue<M extends JournalMethod> = ReturnType<JournalWrites[M]>;

/**
 * Every message between the threads is flat (numbers, text, bytes, lists of those): no payload
 * object ever crosses, so none can be too deep to copy or to read back.
 */
export type JournalRequest =
  { type: 'accept'; id: number; record: DeliveryRecord } | { type: 'call'; id: number; method: JournalMethod; args: unknown[] } | { type: 'stop' };

export type JournalResponse =
  { type: 'accepted'; results: { id: number; outcome: AcceptOutcome }[] } | { type: 'result'; id: number; value?: unknown; error?: JournalFailure };
