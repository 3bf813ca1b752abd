import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvLine } from '../../../electron/engine/actions/csv-file.ts';
import { deliver } from '../../helpers/deliver.ts';
import { startEngine } from '../../helpers/engine.ts';
import { SECRETS, stripeCheckout } from '../../helpers/platforms.ts';
import { startSmtp } from '../../helpers/smtp.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { waitUntil } from '../../helpers/wait.ts';

const created = Math.floor(Date.now() / 1000);
const paymentIntent = (id: string, amount = 4990) => ({
  id: `evt_pi_${id}`,
  object: 'event',
  type: 'payment_intent.succeeded',
  created,
  livemode: false,
  data: { object: { id, object: 'payment_intent', amount, amount_received: amount, currency: 'eur', receipt_email: 'kim@example.com', status: 'succeeded' } },
});
const invoicePaid = (invoice: string, intent: unknown) => ({
  id: `evt_in_${invoice}`,
  object: 'event',
  type: 'invoice.paid',
  created,
  livemode: false,
  data: {
    object: {
      id: invoice,
      object: 'invoice',
      amount_paid: 1500,
      currency: 'eur',
      customer_email: 'sub@example.com',
      customer_name: 'Sam Sub',
      status: 'paid',
      payment_intent: intent,
    },
  },
});

describe('one Stripe payment triggers each payment recipe once', () => {
  it('a Checkout payment sends checkout.session.completed and payment_intent.succeeded: one email', async () => {
    const smtp = await startSmtp();
    const started = await startEngine({
      sources: { stripe: { secret: SECRETS.stripe } },
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Shop <shop@example.com>' },
      runner: { baseDelayMs: 50, maxDelayMs: 200 },
      recipes: [{ recipe: 'stripe-payment-email', settings: { to: ['team@example.com'] } }],
    });
    const checkout = stripeCheckout('evt_cs_1');
    (checkout.data.object as Record<string, unknown>).payment_intent = 'pi_checkout_1';
    // Stripe does not promise an order between the two; either way one payment, one email.
    expect(await deliver(started.webhooks.stripe, paymentIntent('pi_checkout_1'))).toMatchObject({ runs: 1 });
    expect(await deliver(started.webhooks.stripe, checkout)).toMatchObject({ duplicate: false, runs: 0 });
    // Both deliveries are answered, so every run they make is stored: one. Once it has succeeded
    // (the mail server took the email before that), nothing is left that could send a second.
    expect(started.engine.state.runs.list()).toHaveLength(1);
    await waitUntil(() => started.engine.state.runs.list({ status: 'succeeded' }).length === 1, 'the email run succeeded');
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.subject).toBe('Payment of 49.90 EUR from kim@example.com');
  });

  it('a Checkout is a new order too: "any new order" writes one row for it, and its redelivery none', async () => {
    const file = join(tempDir(), 'orders.csv');
    const started = await startEngine({
      sources: { stripe: { secret: SECRETS.stripe } },
      runner: { baseDelayMs: 50, maxDelayMs: 200 },
      recipes: [{ recipe: 'any-order-xlsx', settings: { file } }],
    });
    const checkout = stripeCheckout('evt_cs_2');
    expect(await deliver(started.webhooks.stripe, checkout)).toMatchObject({ duplicate: false, runs: 1 });
    expect(await deliver(started.webhooks.stripe, checkout)).toMatchObject({ duplicate: true, runs: 0 });
    await waitUntil(() => started.engine.state.runs.list({ status: 'succeeded' }).length === 1, 'the row was written');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(parseCsvLine(lines[1]!).slice(1, 6)).toEqual(['2051', 'Kim Lee', 'kim@example.com', '49.90', 'EUR']);
  });

  it('an invoice paid by card sends invoice.paid and payment_intent.succeeded: one spreadsheet row, in either order', async () => {
    const file = join(tempDir(), 'payments.csv');
    const started = await startEngine({
      sources: { stripe: { secret: SECRETS.stripe } },
      runner: { baseDelayMs: 50, maxDelayMs: 200 },
      recipes: [{ recipe: 'stripe-payment-spreadsheet', settings: { file } }],
    });
    expect(await deliver(started.webhooks.stripe, invoicePaid('in_1', 'pi_inv_1'))).toMatchObject({ runs: 1 });
    expect(await deliver(started.webhooks.stripe, paymentIntent('pi_inv_1', 1500))).toMatchObject({ duplicate: false, runs: 0 });
    // The other order, and an expanded payment_intent object as some endpoints send it.
    expect(await deliver(started.webhooks.stripe, paymentIntent('pi_inv_2', 2500))).toMatchObject({ runs: 1 });
    expect(await deliver(started.webhooks.stripe, invoicePaid('in_2', { id: 'pi_inv_2', object: 'payment_intent' }))).toMatchObject({ runs: 0 });
    await waitUntil(() => started.engine.state.runs.list({ status: 'succeeded' }).length === 2, 'both rows written');
    const lines = readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(parseCsvLine(lines[0]!)).toEqual(['Date', 'Payment', 'Customer', 'Email', 'Amount', 'Currency', 'Summary', 'Hooktray run']);
    expect(lines.slice(1).map((l) => parseCsvLine(l)[6])).toEqual(['Payment of 15.00 EUR from Sam Sub', 'Payment of 25.00 EUR from kim@example.com']);
    // Amount and Currency are filled from the payment itself, not only the summary.
    expect(lines.slice(1).map((l) => parseCsvLine(l).slice(4, 6))).toEqual([
      ['15.00', 'EUR'],
      ['25.00', 'EUR'],
    ]);
  });

  it('an invoice that names no PaymentIntent (paid outside Stripe, API 2025-03-31+) runs nothing rather than a second row', async () => {
    const file = join(tempDir(), 'payments.csv');
    const started = await startEngine({
      sources: { stripe: { secret: SECRETS.stripe } },
      paused: true,
      recipes: [{ recipe: 'stripe-payment-spreadsheet', settings: { file } }],
    });
    expect(await deliver(started.webhooks.stripe, invoicePaid('in_3', null))).toMatchObject({ duplicate: false, runs: 0 });
    expect(await deliver(started.webhooks.stripe, paymentIntent('pi_inv_3', 1500))).toMatchObject({ runs: 1 });
  });
});
