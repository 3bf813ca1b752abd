export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RunRetryPolicy extends RetryPolicy {
  /** 429s waited out on top of maxAttempts; beyond these each one counts as a failed attempt. */
  maxRateLimitWaits: number;
}

/** Longest wait a destination's Retry-After may impose on us. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;

/**
 * Delay before the next attempt after `failures` failed attempts: exponential from baseDelayMs,
 * capped at maxDelayMs, with ±20 % jitter so many runs failing together do not retry together.
 * With the defaults (30 s, 4 h cap, 15 attempts) the attempts spread over about a day.
 * A destination's Retry-After wins: we come back exactly when it asks.
 */
export function retryDelayMs(failures: number, policy: RetryPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 0), MAX_RETRY_AFTER_MS);
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

export interface FailedAttempt {
  kind: 'transient' | 'permanent';
  rateLimited: boolean;
  retryAfterMs?: number;
  /** Attempts since the last manual retry, this one included (what maxAttempts limits, waits included). */
  budgetUsed: number;
  /** Of those before this one, how many were rate-limit waits. */
  rateLimitWaits: number;
}

export interface RetryDecision {
  /** What the attempt is recorded as: a rate-limit wait is visible but uses up no attempt. */
  outcome: 'transient' | 'permanent' | 'rate-limited';
  /** Wait before the next attempt; undefined: the run has failed. */
  delayMs?: number;
}

/**
 * What happens after a failed attempt. A 429 is the destination pacing us, not failing: up to
 * maxRateLimitWaits of them are waited out (as long as Retry-After asks) without counting
 * against maxAttempts, so a long rate-limit storm cannot fail a run; past that cap they count
 * like any transient failure, so a destination that answers 429 forever still ends the run.
 */
export function decideRetry(failure: FailedAttempt, policy: RunRetryPolicy, random: () => number = Math.random): RetryDecision {
  if (failure.kind === 'permanent') return { outcome: 'permanent' };
  if (failure.rateLimited && failure.rateLimitWaits < policy.maxRateLimitWaits) {
    return { outcome: 'rate-limited', delayMs: retryDelayMs(failure.rateLimitWaits + 1, policy, failure.retryAfterMs, random) };
  }
  const failures = failure.budgetUsed - failure.rateLimitWaits;
  if (failures >= policy.maxAttempts) return { outcome: 'transient' };
  return { outcome: 'transient', delayMs: retryDelayMs(failures, policy, failure.retryAfterMs, random) };
}
