import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SettingsInput } from '../../../shared/config.ts';
import { deliver } from '../../helpers/deliver.ts';
import { startEngine } from '../../helpers/engine.ts';
import { startDiscord, startSlack, startTeams } from '../../helpers/destinations/chat.ts';
import { teamsLines } from '../../helpers/destinations/chat-display.ts';
import { CLINCHPAD_KEY, CLINCHPAD_PIPELINE, startClinchPad } from '../../helpers/destinations/clinchpad.ts';
import { HUBSPOT_TOKEN, startHubSpot } from '../../helpers/destinations/hubspot.ts';
import { PIPEDRIVE_TOKEN, startPipedrive } from '../../helpers/destinations/pipedrive.ts';
import { SHOPIFY_SECRET, shopifyOrder } from '../../helpers/shopify.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { waitUntil } from '../../helpers/wait.ts';
import { xlsxRows } from '../../helpers/xlsx.ts';

describe('destinations through the engine', () => {
  it('one order delivered three times and retried by hand: exactly one CRM contact and one spreadsheet row', async () => {
    const hs = await startHubSpot();
    const file = join(tempDir(), 'orders.xlsx');
    const settings: SettingsInput = {
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      runner: { baseDelayMs: 50, maxDelayMs: 200 },
      recipes: [
        { recipe: 'shopify-order-hubspot', settings: { token: HUBSPOT_TOKEN, baseUrl: hs.url } },
        { recipe: 'any-order-xlsx', id: 'order-book', settings: { file } },
      ],
    };
    // HubSpot stores the first create but its answer is lost (504): the run's own retry must not duplicate.
    hs.faults.loseCreateAnswers = 1;
    const started = await startEngine(settings);
    const { runs } = started.engine.state;
    const order = shopifyOrder(7);

    expect(await deliver(started.webhooks.shopify, order, { eventId: 'evt-1' })).toMatchObject({ duplicate: false, runs: 2 });
    expect(await deliver(started.webhooks.shopify, order, { eventId: 'evt-1' })).toMatchObject({ duplicate: true, runs: 0 }); // Shopify's redelivery
    expect(await deliver(started.webhooks.shopify, order, { eventId: 'evt-2' })).toMatchObject({ runs: 0 }); // same order, new delivery id
    await waitUntil(() => runs.list({ status: 'succeeded' }).length === 2, 'both runs succeeded');
    const hubspotRun = runs.list({ recipeId: 'shopify-order-hubspot' })[0]!;
    expect(runs.get(hubspotRun.id)!.attemptLog.map((a) => a.outcome)).toEqual(['transient', 'succeeded']);

    for (const run of runs.list()) await started.engine.api['runs.retry']({ id: run.id });
    await waitUntil(
      () => runs.list().every((r) => r.status === 'succeeded' && r.attempts >= 2 + (r.recipeId === 'shopify-order-hubspot' ? 1 : 0)),
      'manual retries done',
    );

    expect(hs.contacts.size).toBe(1);
    expect(hs.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['PATCH 404', 'POST 504', 'PATCH 200', 'PATCH 200']);
    expect([...hs.contacts.values()][0]!.properties).toMatchObject({ email: 'buyer7@example.com', firstname: 'Jane', lastname: 'Doe 7' });
    const rows = await xlsxRows(file);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(1, 4)).toEqual(['#1007', 'Jane Doe 7', 'buyer7@example.com']);
    expect(runs.list({ recipeId: 'order-book' })[0]!.detail).toMatch(/row already in/);
  });

  it('a 429 with Retry-After is retried at the time asked, not on the backoff schedule', async () => {
    const hs = await startHubSpot();
    hs.inject({
      status: 429,
      headers: { 'retry-after': '1' },
      body: { status: 'error', message: 'You have reached your secondly limit.', policyName: 'SECONDLY' },
    });
    const started = await startEngine({
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      runner: { baseDelayMs: 60_000, maxDelayMs: 120_000 },
      recipes: [{ recipe: 'shopify-order-hubspot', settings: { token: HUBSPOT_TOKEN, baseUrl: hs.url } }],
    });
    await deliver(started.webhooks.shopify, shopifyOrder(8), { eventId: 'evt-8' });
    const { runs } = started.engine.state;
    const waiting = await waitUntil(() => runs.list({ status: 'retrying' })[0], 'retrying after 429');
    expect(waiting.lastError).toMatch(/^HubSpot asked us to slow down.*429/);
    // The next try is set by HubSpot's Retry-After (1 s), not by the 60 s back-off, and kept.
    const [limited] = runs.get(waiting.id)!.attemptLog;
    expect(Date.parse(waiting.nextAttemptAt!) - Date.parse(limited!.finishedAt)).toBe(1000);
    const done = await waitUntil(() => runs.list({ status: 'succeeded' })[0], 'success after Retry-After');
    const [, ok] = runs.get(done.id)!.attemptLog;
    expect(Date.parse(ok!.startedAt)).toBeGreaterThanOrEqual(Date.parse(waiting.nextAttemptAt!));
    expect(hs.contacts.size).toBe(1);
  });

  it('"Send test event" runs each recipe once with a sample of its trigger, through the real action, marked as a test', async () => {
    const [hs, pd, cp, sl, tm, dc] = await Promise.all([startHubSpot(), startPipedrive(), startClinchPad(), startSlack(), startTeams(), startDiscord()]);
    const csv = join(tempDir(), 'payments.csv');
    const started = await startEngine({
      runner: { baseDelayMs: 50, maxDelayMs: 200 },
      recipes: [
        { recipe: 'shopify-customer-hubspot', settings: { token: HUBSPOT_TOKEN, baseUrl: hs.url } },
        { recipe: 'mailchimp-subscriber-pipedrive', settings: { token: PIPEDRIVE_TOKEN, baseUrl: pd.url } },
        { recipe: 'shopify-order-clinchpad', settings: { apiKey: CLINCHPAD_KEY, pipelineId: CLINCHPAD_PIPELINE, baseUrl: `${cp.url}/api/v1` } },
        { recipe: 'woocommerce-order-slack', settings: { webhookUrl: sl.webhookUrl } },
        { recipe: 'any-order-teams', settings: { webhookUrl: tm.webhookUrl } },
        { recipe: 'shopify-order-discord', enabled: false, settings: { webhookUrl: dc.webhookUrl } },
        { recipe: 'stripe-payment-spreadsheet', settings: { file: csv } },
      ],
    });
    const api = started.engine.api;
    const queued = [];
    for (const recipe of started.engine.currentRecipes.list()) queued.push(await api['recipes.sendTest']({ id: recipe.id }));
    expect(queued.every((r) => r.test && (r.status === 'queued' || r.status === 'running' || r.status === 'succeeded'))).toBe(true);
    const { runs } = started.engine.state;
    await waitUntil(() => runs.list({ status: 'succeeded' }).length === 7, 'all seven test runs succeeded');
    expect(runs.list().every((r) => r.test)).toBe(true);
    expect(runs.list({ recipeId: 'stripe-payment-spreadsheet' })[0]).toMatchObject({
      source: 'stripe',
      eventType: 'payment.succeeded',
      summary: 'Payment TEST-1001 from Jane Example, 49.90 EUR',
    });
    expect([...hs.contacts.values()][0]!.properties.email).toBe('jane.example@example.com');
    expect(pd.persons.map((p) => p.emails)).toEqual([['jane.example@example.com']]);
    expect(cp.leads.size).toBe(1);
    expect(sl.state.messages[0]!.blocks![0]!.text!.text).toMatch(/^\*\[Test\]\* .*New order #1001/);
    expect(teamsLines(tm.cards[0]!.body).lines[0]).toBe('[Test] New order #1001: 49.90 EUR');
    expect(dc.state.messages[0]!.content).toMatch(/^\*\*\[Test\]\*\* 🛒/);
    expect(readFileSync(csv, 'utf8')).toContain('TEST-1001,Jane Example,jane.example@example.com,49.90,EUR');
    await expect(api['recipes.sendTest']({ id: 'nope' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/no recipe "nope"/) });
  });
});
