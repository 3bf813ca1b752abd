import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ActionError } from '../../electron/engine/actions/action.ts';
import { checkHttpResponse, toActionError } from '../../electron/engine/actions/errors.ts';
import { decideRetry, retryDelayMs } from '../../electron/engine/recipes/retry-policy.ts';
import { settingsSchema } from '../../shared/config.ts';

async function classify(status: number, headers: Record<string, string> = {}): Promise<ActionError> {
  return checkHttpResponse(new Response('nope', { status, headers }), 'Example API').then(
    () => {
      throw new Error(`${status} passed`);
    },
    (error: ActionError) => error,
  );
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('retry policy', () => {
  const policy = settingsSchema.parse({}).runner;

  it('doubles from the base delay with ±20 % jitter, capped', () => {
    expect(retryDelayMs(1, policy, undefined, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(2, policy, undefined, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, policy, undefined, () => 1)).toBe(36_000);
    expect(retryDelayMs(20, policy, undefined, () => 0.5)).toBe(policy.maxDelayMs);
  });

  it('makes every wait longer than the one before, whatever the jitter, until the cap', () => {
    const nominal = (failures: number) => Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
    for (let failures = 1; failures < policy.maxAttempts; failures++) {
      for (const r of [0, 0.1, 0.5, 0.9, 1]) {
        const wait = retryDelayMs(failures, policy, undefined, () => r);
        expect(wait).toBeGreaterThanOrEqual(Math.floor(0.8 * nominal(failures)));
        expect(wait).toBeLessThanOrEqual(Math.ceil(1.2 * nominal(failures)));
      }
      // The shortest next wait beats the longest this one: 0.8 × 2 > 1.2.
      if (nominal(failures + 1) > nominal(failures)) {
        expect(retryDelayMs(failures + 1, policy, undefined, () => 0)).toBeGreaterThan(retryDelayMs(failures, policy, undefined, () => 1));
      }
    }
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

describe('failure classification', () => {
  it('treats 408, 429 and 5xx as transient and other 4xx as permanent', async () => {
    for (const status of [408, 429, 500, 502, 503, 504]) expect((await classify(status)).kind, String(status)).toBe('transient');
    for (const status of [400, 401, 403, 404, 405, 409, 410, 413, 422]) expect((await classify(status)).kind, String(status)).toBe('permanent');
  });

  it('marks only 429 as a rate limit, and reads its Retry-After in seconds or as a date', async () => {
    const limited = await classify(429, { 'retry-after': '7' });
    expect(limited).toMatchObject({ kind: 'transient', rateLimited: true, retryAfterMs: 7_000 });
    expect((await classify(503, { 'retry-after': '7' })).rateLimited).toBe(false);
    const at = new Date(Date.now() + 60_000).toUTCString();
    expect((await classify(429, { 'retry-after': at })).retryAfterMs).toBeGreaterThan(55_000);
  });

  it('treats a refused connection and a timeout as transient', async () => {
    const port = await closedPort();
    const refused = await fetch(`http://127.0.0.1:${port}/`).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(toActionError(refused)).toMatchObject({ kind: 'transient', message: 'Could not reach the destination (ECONNREFUSED).' });
    expect(toActionError(new DOMException('timed out', 'TimeoutError')).kind).toBe('transient');
    expect(toActionError(Object.assign(new Error('Connection closed'), { code: 'ECONNECTION' })).kind).toBe('transient');
  });

  it('treats an SMTP 4xx as transient and a 5xx or a wrong password as permanent', () => {
    expect(toActionError(Object.assign(new Error('try later'), { responseCode: 451 })).kind).toBe('transient');
    expect(toActionError(Object.assign(new Error('no such user'), { responseCode: 550 })).kind).toBe('permanent');
    expect(toActionError(Object.assign(new Error('Invalid login'), { code: 'EAUTH' })).kind).toBe('permanent');
  });

  it('takes an SMTP sending limit as a wait, like HTTP 429, and other 4xx replies as failed attempts', () => {
    const smtp = (responseCode: number, response: string) => toActionError(Object.assign(new Error(`Message failed: ${response}`), { responseCode, response }));
    expect(smtp(421, '421 4.7.0 Try again later, closing connection.')).toMatchObject({ kind: 'transient', rateLimited: true });
    expect(smtp(450, '450 Too many messages, slow down')).toMatchObject({ kind: 'transient', rateLimited: true });
    expect(smtp(451, '451 4.3.0 Mail server temporarily rejected message')).toMatchObject({ kind: 'transient', rateLimited: false });
    // 5.7.x is a policy refusal that will repeat, not a limit to wait out.
    expect(smtp(550, '550 5.7.1 Sending rate exceeded permanently for this account')).toMatchObject({ kind: 'permanent', rateLimited: false });
  });
});

describe('retry decision', () => {
  const policy = { ...settingsSchema.parse({}).runner, maxAttempts: 3, maxRateLimitWaits: 2 };
  const transient = { kind: 'transient' as const, rateLimited: false };

  it('fails a permanent error at once, and a transient one after maxAttempts', () => {
    expect(decideRetry({ kind: 'permanent', rateLimited: false, budgetUsed: 1, rateLimitWaits: 0 }, policy)).toEqual({ outcome: 'permanent' });
    expect(decideRetry({ ...transient, budgetUsed: 2, rateLimitWaits: 0 }, policy, () => 0.5)).toEqual({ outcome: 'transient', delayMs: 60_000 });
    expect(decideRetry({ ...transient, budgetUsed: 3, rateLimitWaits: 0 }, policy)).toEqual({ outcome: 'transient' });
  });

  it('waits out 429s without counting them, up to maxRateLimitWaits', () => {
    expect(decideRetry({ kind: 'transient', rateLimited: true, retryAfterMs: 5_000, budgetUsed: 10, rateLimitWaits: 1 }, policy)).toEqual({
      outcome: 'rate-limited',
      delayMs: 5_000,
    });
    // Past the cap a 429 counts: 4 attempts, 2 of them free waits → this is the 2nd counted failure.
    expect(decideRetry({ kind: 'transient', rateLimited: true, retryAfterMs: 5_000, budgetUsed: 4, rateLimitWaits: 2 }, policy)).toEqual({
      outcome: 'transient',
      delayMs: 5_000,
    });
    expect(decideRetry({ kind: 'transient', rateLimited: true, budgetUsed: 5, rateLimitWaits: 2 }, policy)).toEqual({ outcome: 'transient' });
    // Without Retry-After the waits back off like failures do.
    expect(decideRetry({ kind: 'transient', rateLimited: true, budgetUsed: 2, rateLimitWaits: 1 }, policy, () => 0.5)).toEqual({
      outcome: 'rate-limited',
      delayMs: 60_000,
    });
  });

  it('does not let free waits shorten the budget of other failures', () => {
    // 4 attempts, 2 of them 429 waits: this 5xx is only the 2nd counted failure of 3.
    expect(decideRetry({ ...transient, budgetUsed: 4, rateLimitWaits: 2 }, policy, () => 0.5)).toEqual({ outcome: 'transient', delayMs: 60_000 });
  });
});
