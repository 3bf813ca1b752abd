import { describe, expect, it } from 'vitest';
import { startEngine } from '../helpers/engine.ts';
import { HUBSPOT_TOKEN, startHubSpot } from '../helpers/destinations/hubspot.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { waitUntil } from '../helpers/wait.ts';

const ORDERS = 8;
const BASE_DELAY_MS = 60;

describe('destination outage', () => {
  it('while the mail server and the CRM are down, runs back off; once they are up, every run succeeds with one contact per customer', async () => {
    const smtp = await startSmtp();
    const hubspot = await startHubSpot();
    smtp.down = true;
    // The CRM answers 503 to everything for a while, as during an incident.
    hubspot.inject({ status: 503, body: { status: 'error', message: 'Service Unavailable', category: 'SERVICE_UNAVAILABLE' } }, 3 * ORDERS);
    const { engine, webhooks } = await startEngine({
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
      runner: { concurrency: 4, baseDelayMs: BASE_DELAY_MS, maxDelayMs: 2000, maxAttempts: 15 },
      recipes: [
        { recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } },
        { recipe: 'shopify-order-hubspot', settings: { token: HUBSPOT_TOKEN, baseUrl: hubspot.url } },
      ],
    });
    for (let n = 1; n <= ORDERS; n++) {
      const body = JSON.stringify(shopifyOrder(n));
      expect((await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body), body })).status).toBe(200);
    }
    const { runs } = engine.state;
    await waitUntil(() => runs.list({ recipeId: 'shopify-order-email' }).every((r) => r.attempts >= 3), 'three failed email attempts each', 20_000);
    expect(smtp.mails).toHaveLength(0);

    smtp.down = false;
    await waitUntil(
      () => runs.list({ limit: 100 }).length === 2 * ORDERS && runs.list({ limit: 100 }).every((r) => r.status === 'succeeded'),
      'every run succeeded',
      30_000,
    );

    expect(new Set(smtp.mails.map((m) => m.subject)).size).toBe(ORDERS);
    // One contact per customer, however many attempts it took.
    expect(hubspot.contacts.size).toBe(ORDERS);
    for (const run of runs.list({ limit: 100 })) {
      const detail = runs.get(run.id)!;
      const failures = detail.attemptLog.filter((a) => a.outcome === 'transient');
      expect(detail.attemptLog.at(-1)!.outcome).toBe('succeeded');
      // Backoff: each wait after a failure is at least 80 % of the doubled base delay.
      failures.forEach((failure, i) => {
        const next = detail.attemptLog[i + 1]!;
        const minimum = 0.8 * Math.min(2000, BASE_DELAY_MS * 2 ** i);
        expect(Date.parse(next.startedAt) - Date.parse(failure.finishedAt)).toBeGreaterThanOrEqual(minimum - 5);
      });
    }
    await smtp.stop();
  }, 60_000);
});
