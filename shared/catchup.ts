import type { SourceId } from './sources.ts';

/** What one catch-up found for one platform. */
export interface CatchUpReport {
  source: SourceId;
  since?: string;
  fetched: number;
  /** Events the inbox had never seen. */
  fresh: number;
  runs: number;
  summaries: string[];
  /** First look at a platform without a time filter: what exists now is recorded as seen, nothing runs. */
  baseline?: boolean;
  /** Dry run: each event never seen and the recipes (instance ids) it would run. */
  plan?: { summary: string; recipes: string[] }[];
  skipped?: string;
  /** Records the API returned that break the intake limits, why each was left out. */
  refused?: string[];
  error?: string;
  /** The failure may pass by itself (network, 5xx): Hooktray tries again on a timer. */
  transient?: boolean;
}

/** The offline screen: a headline and one line per platform in use. */
export interface OfflineSummary {
  from: string;
  to?: string;
  headline: string;
  lines: { source: SourceId; text: string; recovered: boolean }[];
  /** What our relay kept meanwhile and what became of it ("Your relay kept 37 deliveries while …"). */
  relay?: string;
}

/** What the subscription guard did for one platform's webhook. */
export interface GuardReport {
  source: SourceId;
  outcome: 'ok' | 'created' | 'updated' | 'reactivated' | 'manual' | 'failed';
  message: string;
}
