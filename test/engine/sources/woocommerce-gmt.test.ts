import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { gmtMs } from '../../../electron/engine/sources/fields.ts';

const run = promisify(execFile);
const NODE = resolve('node_modules/.bin/node');
const SOURCE = pathToFileURL(resolve('electron/engine/sources/woocommerce.ts')).href;

/*
 * WooCommerce's `*_gmt` fields carry no zone. Node reads the machine's zone once, so the
 * normaliser runs in a child process started with TZ set, as on an owner's laptop in Berlin.
 */
const SCRIPT = `
const { woocommerce } = await import(${JSON.stringify(SOURCE)});
const req = (topic) => ({ method: 'POST', headers: { 'x-wc-webhook-topic': topic }, query: {}, rawBody: Buffer.alloc(0), contentType: 'application/json', receivedAt: 0 });
const at = (topic, payload) => woocommerce.normalise(req(topic), payload)[0].occurredAt;
console.log(JSON.stringify({
  created: at('order.created', { id: 1, date_created_gmt: '2026-03-01T08:12:00', date_created: '2026-03-01T09:12:00' }),
  paid: at('order.updated', { id: 2, status: 'processing', date_created_gmt: '2026-02-01T10:00:00', date_paid_gmt: '2026-07-01T23:30:00', date_paid: '2026-07-02T01:30:00' }),
  customer: at('customer.created', { id: 3, date_created_gmt: '2026-11-20T08:12:00' }),
}));
`;

async function occurredAtIn(tz: string) {
  const { stdout } = await run(NODE, ['--input-type=module', '--eval', SCRIPT], { env: { ...process.env, TZ: tz } });
  return JSON.parse(stdout) as Record<string, string>;
}

describe('WooCommerce times', () => {
  it.each(['Europe/Berlin', 'America/New_York', 'Pacific/Kiritimati', 'UTC'])("reads the *_gmt fields as GMT whatever the machine's zone (%s)", async (tz) => {
    expect(await occurredAtIn(tz)).toEqual({ created: '2026-03-01T08:12:00.000Z', paid: '2026-07-01T23:30:00.000Z', customer: '2026-11-20T08:12:00.000Z' });
  });

  it('keeps a zone the text already has, and is NaN for no time', () => {
    expect(gmtMs('2026-03-01T08:12:00')).toBe(Date.UTC(2026, 2, 1, 8, 12));
    expect(gmtMs('2026-03-01T08:12:00Z')).toBe(Date.UTC(2026, 2, 1, 8, 12));
    expect(gmtMs('2026-03-01T09:12:00+01:00')).toBe(Date.UTC(2026, 2, 1, 8, 12));
    for (const none of [null, undefined, '', 'soon']) expect(gmtMs(none)).toBeNaN();
  });
});
