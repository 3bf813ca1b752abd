import { describe, expect, it } from 'vitest';
import type { SettingsInput } from '../../shared/config.ts';
import { startReceiver } from '../helpers/destinations/receiver.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { waitUntil } from '../helpers/wait.ts';

const TOO_MANY = { status: 429, body: { error: 'rate limited' }, headers: { 'retry-after': '0' } };

async function engineForwardingTo(url: string, runner: SettingsInput['runner']) {
  const started = await startEngine({
    sources: { shopify: { secret: SHOPIFY_SECRET } },
    runner: { baseDelayMs: 20, maxDelayMs: 50, ...runner },
    recipes: [{ recipe: 'any-event-http-forward', settings: { url } }],
  });
  const body = JSON.stringify(shopifyOrder(1));
  expect((await fetch(started.webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body), body })).status).toBe(200);
  return started;
}

describe('a destination that answers 429', () => {
  it('is waited out without using up the attempts: more 429s than maxAttempts, then success', async () => {
    const receiver = await startReceiver(undefined);
    receiver.inject(TOO_MANY, 5);
    const { engine } = await engineForwardingTo(receiver.hookUrl, { maxAttempts: 2 });
    const { runs } = engine.state;
    const run = await waitUntil(() => runs.list().find((r) => r.status === 'succeeded' || r.status === 'failed'), 'the run to end');
    expect(run.status).toBe('succeeded');
    const log = runs.get(run.id)!.attemptLog;
    // Every wait is recorded, so the owner sees why it took a while.
    expect(log.map((a) => a.outcome)).toEqual(['rate-limited', 'rate-limited', 'rate-limited', 'rate-limited', 'rate-limited', 'succeeded']);
    expect(log[0]!.error).toContain('429');
    expect(receiver.accepted).toHaveLength(1);
  });

  it('is bounded: past maxRateLimitWaits each 429 counts, so a destination that always answers 429 fails the run', async () => {
    const receiver = await startReceiver(undefined);
    receiver.inject(TOO_MANY, 100);
    const { engine } = await engineForwardingTo(receiver.hookUrl, { maxAttempts: 2, maxRateLimitWaits: 3 });
    const { runs } = engine.state;
    const failed = await waitUntil(() => runs.list({ status: 'failed' })[0], 'the run to fail');
    expect(runs.get(failed.id)!.attemptLog.map((a) => a.outcome)).toEqual(['rate-limited', 'rate-limited', 'rate-limited', 'transient', 'transient']);
    expect(receiver.requests).toHaveLength(5);
  });

  it('does not let earlier waits eat into the attempts of other failures (429s then 503s)', async () => {
    const receiver = await startReceiver(undefined);
    receiver.inject(TOO_MANY, 3);
    receiver.inject({ status: 503, body: 'maintenance' }, 2);
    const { engine } = await engineForwardingTo(receiver.hookUrl, { maxAttempts: 3 });
    const { runs } = engine.state;
    const run = await waitUntil(() => runs.list().find((r) => r.status === 'succeeded' || r.status === 'failed'), 'the run to end');
    expect(runs.get(run.id)!.attemptLog.map((a) => a.outcome)).toEqual(['rate-limited', 'rate-limited', 'rate-limited', 'transient', 'transient', 'succeeded']);
  });

  it("waits as long as the destination's Retry-After asks", async () => {
    const receiver = await startReceiver(undefined);
    receiver.inject({ ...TOO_MANY, headers: { 'retry-after': '1' } }, 1);
    const { engine } = await engineForwardingTo(receiver.hookUrl, { maxAttempts: 1 });
    const { runs } = engine.state;
    const run = await waitUntil(() => runs.list({ status: 'succeeded' })[0], 'the run to succeed');
    const [wait, done] = runs.get(run.id)!.attemptLog;
    expect(wait!.outcome).toBe('rate-limited');
    expect(Date.parse(done!.startedAt) - Date.parse(wait!.finishedAt)).toBeGreaterThanOrEqual(990);
  });
});
