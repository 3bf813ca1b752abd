import type { AcceptOutcome, DeliveryRecord, JournalWrites } from './journal-writes.ts';

/** Writes other than deliveries that the journal worker performs. */
export type JournalMethod = 'claimDue' | 'recordAttempt' | 'release' | 'requeueInterrupted' | 'retry' | 'replay' | 'recordRejection';
export type JournalArgs<M extends JournalMethod> = Parameters<JournalWrites[M]>;
export type JournalValue<M extends JournalMethod> = ReturnType<JournalWrites[M]>;

export type JournalRequest =
  | { type: 'accept'; id: number; record: DeliveryRecord }
  | { type: 'call'; id: number; method: JournalMethod; args: unknown[] }
  | { type: 'stop' };

export type JournalResponse =
  | { type: 'accepted'; results: { id: number; outcome: AcceptOutcome }[] }
  | { type: 'result'; id: number; value?: unknown; error?: string };
