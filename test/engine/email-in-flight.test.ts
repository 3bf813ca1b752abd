import { describe, expect, it } from 'vitest';
import type { SettingsInput } from '../../shared/config.ts';
import { deliver } from '../helpers/deliver.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyOrder } from '../helpers/shopify.ts';
import { startStallingSmtp } from '../helpers/smtp.ts';
import { waitUntil } from '../helpers/wait.ts';

function settingsFor(port: number, runner: SettingsInput['runner'] = {}): SettingsInput {
  return {
    sources: { shopify: { secret: SHOPIFY_SECRET } },
    smtp: { host: '127.0.0.1', port, from: 'Shop <shop@example.com>' },
    runner: { baseDelayMs: 60_000, ...runner },
    recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
  };
}

describe('an email the mail server never answers', () => {
  it('ends at the attempt timeout as a transient failure and is retried later', async () => {
    // The first email loads nodemailer within its attempt; on a busy machine that alone outlasted
    // the 1 s this test allows, and the attempt ended before any connection existed to be dropped.
    await import('nodemailer');
    const smtp = await startStallingSmtp();
    const started = await startEngine(settingsFor(smtp.port, { attemptTimeoutMs: 1_000 }));
    await deliver(started.webhooks.shopify, shopifyOrder(1));
    const { runs } = started.engine.state;
    const run = await waitUntil(() => runs.list({ status: 'retrying' })[0], 'the attempt to time out');
    expect(smtp.state.dataStarted, 'the email reached the mail server before the attempt timed out').toBe(1);
    const [attempt] = runs.get(run.id)!.attemptLog;
    expect(attempt).toMatchObject({ n: 1, outcome: 'transient', error: 'The destination did not answer in time.' });
    // Not before the attempt timeout (an upper bound would only measure how busy the machine is).
    expect(Date.parse(attempt!.finishedAt) - Date.parse(attempt!.startedAt)).toBeGreaterThanOrEqual(900);
    // The connection that stalled is dropped, not left to its 60 s socket timeout.
    await waitUntil(() => smtp.state.closed >= 1, 'the stalled connection to be closed');
    await smtp.stop();
  });

  it('is aborted by stop(): the run goes back to the queue and the connection is closed at once', async () => {
    const smtp = await startStallingSmtp();
    const started = await startEngine(settingsFor(smtp.port));
    await deliver(started.webhooks.shopify, shopifyOrder(1));
    await waitUntil(() => smtp.state.dataStarted === 1, 'the email to be in flight');
    // The mail server never answers: stop() returning at all, with the run back in the queue
    // and no attempt counted (below), is the abort; waiting would have recorded a failed attempt.
    await started.engine.stop(200);
    await waitUntil(() => smtp.state.closed >= 1, 'the connection to be closed after stop');
    const reopened = await startEngine({ ...settingsFor(smtp.port), paused: true }, { dataDir: started.dataDir });
    expect(reopened.engine.state.runs.list()).toMatchObject([{ status: 'queued', attempts: 0 }]);
    await reopened.engine.stop(200);
    await smtp.stop();
  });
});
