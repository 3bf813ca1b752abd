import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../electron/engine/recipes/retry-policy.ts';
import { settingsSchema } from '../../shared/config.ts';

describe('retry policy', () => {
  const policy = settingsSchema.parse({}).runner;

  it('doubles from the base delay with ±20 % jitter, capped', () => {
    expect(retryDelayMs(1, policy, undefined, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(2, policy, undefined, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, policy, undefined, () => 1)).toBe(36_000);
    expect(retryDelayMs(20, policy, undefined, () => 0.5)).toBe(policy.maxDelayMs);
  });

  it('spreads the default attempts over about a day', () => {
    let total = 0;
    for (let failures = 1; failures < policy.maxAttempts; failures++) total += retryDelayMs(failures, policy, undefined, () => 0.5);
    expect(total / 3_600_000).toBeGreaterThan(18);
    expect(total / 3_600_000).toBeLessThan(30);
  });

  it("honours a destination's Retry-After exactly, within a day", () => {
    expect(retryDelayMs(1, policy, 2_500)).toBe(2_500);
    expect(retryDelayMs(5, policy, 0)).toBe(0);
    expect(retryDelayMs(1, policy, 10 * 24 * 3_600_000)).toBe(24 * 3_600_000);
  });
});
