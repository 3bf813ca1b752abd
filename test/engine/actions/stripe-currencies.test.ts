import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvLine } from '../../../electron/engine/actions/csv-file.ts';
import { fromMinorUnits, minorUnitDigits } from '../../../electron/engine/sources/fields.ts';
import { startEngine } from '../../helpers/engine.ts';
import { SECRETS, stripeCheckout, stripeSignature } from '../../helpers/platforms.ts';
import { startSmtp } from '../../helpers/smtp.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { waitUntil } from '../../helpers/wait.ts';

/** Stripe's currency table (DESTINATIONS.md §9), written out here independently of the code under test. */
const ZERO = ['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'];
const THREE = ['BHD', 'JOD', 'KWD', 'OMR', 'TND'];

const payment = (id: string, amount: number, currency: string) => ({
  id: `evt_${id}`,
  object: 'event',
  type: 'payment_intent.succeeded',
  created: Math.floor(Date.now() / 1000),
  livemode: false,
  data: { object: { id, object: 'payment_intent', amount, amount_received: amount, currency, receipt_email: 'kim@example.com', status: 'succeeded' } },
});

describe('Stripe amounts in each currency’s minor units', () => {
  it('emails and spreadsheet rows show 12.340 KWD, 5000 JPY and 49.90 EUR as Stripe meant them', async () => {
    const smtp = await startSmtp();
    const dir = tempDir();
    const started = await startEngine({
      sources: { stripe: { secret: SECRETS.stripe } },
      smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
      recipes: [
        { recipe: 'stripe-payment-email', settings: { to: ['team@example.com'] } },
        { recipe: 'stripe-payment-spreadsheet', settings: { file: join(dir, 'payments.csv') } },
        { recipe: 'any-order-xlsx', settings: { file: join(dir, 'orders.xlsx') } },
      ],
    });
    const deliver = async (event: unknown) => {
      const body = JSON.stringify(event);
      const res = await fetch(started.webhooks.stripe, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(body) },
        body,
      });
      expect(res.status).toBe(200);
    };
    await deliver(payment('pi_kwd', 12340, 'kwd'));
    await deliver(payment('pi_bhd', 5, 'bhd'));
    await deliver(payment('pi_jpy', 5000, 'jpy'));
    await deliver(payment('pi_eur', 4990, 'eur'));
    const checkout = stripeCheckout('evt_cs_omr');
    Object.assign(checkout.data.object, { amount_total: 1234560, currency: 'omr' });
    await deliver(checkout);
    await waitUntil(() => started.engine.state.runs.list({ status: 'succeeded' }).length === 9, 'every run to succeed');

    expect(smtp.mails.map((m) => m.subject).sort()).toEqual([
      'Payment of 0.005 BHD from kim@example.com',
      'Payment of 12.340 KWD from kim@example.com',
      'Payment of 49.90 EUR from kim@example.com',
      'Payment of 5000 JPY from kim@example.com',
    ]);
    const rows = readFileSync(join(dir, 'payments.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean)
      .slice(1)
      .map((l) => parseCsvLine(l).slice(4, 6));
    expect(rows.sort()).toEqual([
      ['0.005', 'BHD'],
      ['12.340', 'KWD'],
      ['49.90', 'EUR'],
      ['5000', 'JPY'],
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'orders.xlsx'));
    const sheet = workbook.getWorksheet('Hooktray')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const total = sheet.getRow(2).getCell(header.indexOf('Total') + 1);
    expect([total.value, total.numFmt, sheet.getRow(2).getCell(header.indexOf('Currency') + 1).value]).toEqual([1234.56, '0.000', 'OMR']);
    await smtp.stop();
  });

  it('turns any amount back into the same number of minor units (generated amounts, every listed currency)', () => {
    const currency = fc.constantFrom(...ZERO, ...THREE, ...ZERO.map((c) => c.toLowerCase()), 'EUR', 'usd', 'ISK', 'HUF', 'kwd');
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), currency, (amount, code) => {
        const text = fromMinorUnits(amount, code)!;
        const places = ZERO.includes(code.toUpperCase()) ? 0 : THREE.includes(code.toUpperCase()) ? 3 : 2;
        expect(minorUnitDigits(code)).toBe(places);
        expect(text).toMatch(places ? new RegExp(`^-?\\d+\\.\\d{${places}}$`) : /^-?\d+$/);
        expect(BigInt(text.replace('.', ''))).toBe(BigInt(amount));
      }),
      { numRuns: 1000 },
    );
  });
});
