export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
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
