import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/engine/api/dispatch.ts';
import { ordinal } from '../../../shared/field-issues.ts';
import { startEngine } from '../../helpers/engine.ts';

/** What the window is told when a save is refused: each problem at its field, and sentences without paths. */
async function refusal(update: unknown) {
  const { engine, dataDir } = await startEngine({ paused: true });
  const before = readFileSync(join(dataDir, 'settings.json'), 'utf8');
  const answer = await dispatch(engine.api, 'settings.update', update, () => undefined);
  if (answer.ok) throw new Error('expected a refusal');
  // Nothing of a refused save is kept.
  expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe(before);
  // No internal paths: "sources.stripe.secret", "smtp.host", "recipes[0]" never reach the owner.
  const path = /\bsources\.\w|\bsmtp\.(host|port|from|user|password|secure)\b|\btunnel\.\w|\brecipes\[|\.api\./;
  expect(answer.error.message).not.toMatch(path);
  for (const f of answer.error.fields ?? []) expect(f.message).not.toMatch(path);
  return answer.error;
}

describe('a refused setting is told at its field, in words', () => {
  it('refuses a Stripe API key in the signing-secret field, at that field', async () => {
    const error = await refusal({ sources: { stripe: { secret: 'sk_live_51abc' } } });
    expect(error.fields).toEqual([
      { field: 'sources.stripe.secret', message: expect.stringMatching(/^This is an API key, not the webhook signing secret: .*whsec_/) },
    ]);
    expect(error.message).toMatch(/^Stripe's signing secret is an API key, not the webhook signing secret/);
    expect(error.message).not.toContain('sk_live_51abc');
    expect((await refusal({ sources: { stripe: { secret: 'pk_test_1' } } })).fields?.[0]?.message).toMatch(/^This is a publishable key/);
  });

  it('refuses a Shopify access token as the signing key, and PayPal values that do not come together', async () => {
    expect((await refusal({ sources: { shopify: { secret: 'shpat_0123456789abcdef' } } })).fields).toEqual([
      { field: 'sources.shopify.secret', message: expect.stringMatching(/^This is an Admin API access token \(shpat_…\), not the signing key/) },
    ]);
    const paypal = await refusal({ sources: { paypal: { webhookId: 'WH-1', clientId: 'AcL1' } } });
    expect(paypal.fields).toEqual([
      { field: 'sources.paypal.clientSecret', message: expect.stringMatching(/^This is needed with the webhook ID and client ID: add your app's Secret/) },
    ]);
    expect(paypal.message).toMatch(/^PayPal's secret is needed with the webhook ID and client ID/);
    const generic = await refusal({ sources: { generic: { signatureHeader: 'X-Signature' } } });
    expect(generic.fields).toEqual([{ field: 'sources.generic.secret', message: expect.stringContaining('is needed with the signature header') }]);
  });

  it('checks the mail server offline: a host that is an address, "Send as" without an address, a port out of range', async () => {
    const smtp = { host: 'smtp.example.com', port: 587, secure: false, from: 'Shop <shop@example.com>' };
    const url = await refusal({ smtp: { ...smtp, host: 'smtp://mail.example.com:587' } });
    expect(url.fields).toEqual([
      { field: 'smtp.host', message: 'This is an address (smtp://…), not a server name: enter just the name, e.g. mail.example.com' },
    ]);
    expect(url.message).toMatch(/^The mail server is an address/);
    expect((await refusal({ smtp: { ...smtp, host: 'mail.example.com:587' } })).fields?.[0]?.message).toMatch(/port or a path/);
    expect((await refusal({ smtp: { ...smtp, host: 'shop@gmail.com' } })).fields?.[0]?.message).toMatch(/is an email address, not a mail server/);
    const from = await refusal({ smtp: { ...smtp, from: 'My Shop' } });
    expect(from.fields).toEqual([{ field: 'smtp.from', message: 'This must contain the address mail is sent from, e.g. My Shop <shop@example.com>' }]);
    expect(from.message).toMatch(/^"Send as" must contain the address/);
    for (const port of [0, 65536, 58.5])
      expect((await refusal({ smtp: { ...smtp, port } })).fields).toEqual([
        { field: 'smtp.port', message: expect.stringMatching(/^This must be a number from 1 to 65535/) },
      ]);
  });

  it('keeps a pasted value without the spaces and line breaks around it', async () => {
    const { engine, dataDir } = await startEngine({ paused: true });
    await engine.api['settings.update']({
      sources: { shopify: { secret: '  shpss_pasted\n' } },
      smtp: {
        host: ' smtp.example.com\t',
        port: 587,
        secure: false,
        user: ' shop@example.com ',
        password: 'app password \n',
        from: ' Shop <shop@example.com> ',
      },
    });
    const file = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'));
    expect(file.sources.shopify.secret).toBe('shpss_pasted');
    expect(file.smtp).toMatchObject({ host: 'smtp.example.com', user: 'shop@example.com', password: 'app password', from: 'Shop <shop@example.com>' });
  });

  it('counts items in words', () => {
    expect([0, 1, 2, 9, 10, 11, 12, 20, 21, 22, 110].map(ordinal)).toEqual([
      'first',
      'second',
      'third',
      'tenth',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '111th',
    ]);
  });
});
