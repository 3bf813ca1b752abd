import type { SourceId } from './sources.ts';

/**
 * A delivery our relay kept while this computer was away, handed over later, and refused (a
 * wrong signing key all weekend, say). It is kept whole so "Accept again" can run it once the
 * cause is fixed, checked as it was then (the relay's receive time counts for time windows).
 */
export interface RefusedRelayed {
  id: number;
  source: SourceId;
  /** When the relay received it (ISO). */
  receivedAt: string;
  /** When Hooktray refused it (ISO). */
  refusedAt: string;
  code: string;
  message: string;
  bytes: number;
}

export interface AcceptAgainResult {
  accepted: boolean;
  /** What happened, in the owner's words. */
  message: string;
  runs: number;
}
