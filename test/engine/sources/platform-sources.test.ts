import { describe, expect, it } from 'vitest';
import { CLINCHPAD_ACTIVITIES } from '../../../electron/engine/sources/clinchpad.ts';
import { SECRETS, hmacBase64, mailchimpForm, mauticBatch, stripeCheckout, stripeSignature, wooHeaders, wooOrder } from '../../helpers/platforms.ts';
import { startSourcesEngine as setup } from './sources-engine.ts';

describe('WooCommerce', () => {
  it('accepts a signed order.created, normalises it, and runs the recipe once for a redelivery', async () => {
    const { post, count, events } = await setup();
    const body = JSON.stringify(wooOrder(2051));
    const first = await post('woocommerce', body, wooHeaders(body));
    expect(first.statusCode).toBe(200);
    // WooCommerce's own redelivery: same resource and modification time, a new delivery id.
    const again = await post('woocommerce', body, wooHeaders(body));
    expect(again.json()).toMatchObject({ duplicate: true, runs: 0 });
    expect(count('runs')).toBe(1);
    expect(events()[0]).toMatchObject({
      type: 'order.created',
      key: 'order:2051:order.created',
      summary: 'Order #2051 from Lena Berg, 64.50 EUR',
      person: { email: 'lena@berg-bakery.example', company: 'Berg Bakery', phone: '+49 40 123456' },
      order: { total: '64.50', currency: 'EUR', lineItems: [{ title: 'Sourdough starter kit', quantity: 1, price: '54.2', sku: 'SD-KIT' }] },
      link: 'https://berg-bakery.example/wp-admin/post.php?post=2051&action=edit',
    });
  });

  it('turns a paid order.updated into order.paid, and other updates into "other"', async () => {
    const { post, events } = await setup();
    const paid = JSON.stringify(wooOrder(7, { status: 'processing', date_paid_gmt: '2026-11-20T09:31:00', date_modified_gmt: '2026-11-20T09:31:00' }));
    const onHold = JSON.stringify(wooOrder(8, { status: 'on-hold', date_modified_gmt: '2026-11-20T09:32:00' }));
    expect((await post('woocommerce', paid, wooHeaders(paid, 'order.updated'))).statusCode).toBe(200);
    expect((await post('woocommerce', onHold, wooHeaders(onHold, 'order.updated'))).statusCode).toBe(200);
    expect(events().map((e) => [e.type, e.key])).toEqual([
      ['order.paid', 'order:7:order.paid'],
      ['other', 'order:8:order.updated:2026-11-20T09:32:00'],
    ]);
  });

  it('normalises a signed customer.created into customer.created with the person and a link to the user', async () => {
    const { post, count, events } = await setup();
    const customer = {
      id: 31,
      date_created_gmt: '2026-11-20T08:12:00',
      date_modified_gmt: '2026-11-20T08:12:00',
      email: 'jonas@weber-moebel.example',
      first_name: 'Jonas',
      last_name: 'Weber',
      role: 'customer',
      username: 'jonasw',
      billing: {
        first_name: 'Jonas',
        last_name: 'Weber',
        company: 'Weber Möbel',
        city: 'Köln',
        country: 'DE',
        email: 'jonas@weber-moebel.example',
        phone: '+49 221 555',
      },
      is_paying_customer: false,
    };
    const body = JSON.stringify(customer);
    expect((await post('woocommerce', body, wooHeaders(body, 'customer.created'))).json()).toMatchObject({ ok: true, duplicate: false });
    expect((await post('woocommerce', body, wooHeaders(body, 'customer.created'))).json()).toMatchObject({ duplicate: true });
    expect(count('events')).toBe(1);
    expect(events()[0]).toMatchObject({
      type: 'customer.created',
      platformEvent: 'customer.created',
      key: 'customer:31:customer.created',
      occurredAt: '2026-11-20T08:12:00.000Z',
      summary: 'New customer Jonas Weber',
      person: { name: 'Jonas Weber', firstName: 'Jonas', lastName: 'Weber', email: 'jonas@weber-moebel.example', phone: '+49 221 555', company: 'Weber Möbel' },
      link: 'https://berg-bakery.example/wp-admin/user-edit.php?user_id=31',
    });
  });

  it('links back only to an http(s) site: an X-WC-Webhook-Source of another kind gives no link', async () => {
    const { post, events } = await setup();
    const sites = ['javascript:alert(document.cookie)//', 'data:text/html,<b>hi</b>', 'https://berg-bakery.example/shop'];
    for (const [i, site] of sites.entries()) {
      const body = JSON.stringify(wooOrder(300 + i));
      expect((await post('woocommerce', body, { ...wooHeaders(body), 'x-wc-webhook-source': site })).statusCode).toBe(200);
    }
    expect(events().map((e) => e.link)).toEqual([undefined, undefined, 'https://berg-bakery.example/shop/wp-admin/post.php?post=302&action=edit']);
  });

  it('answers the ping WooCommerce sends when a webhook is saved (form, no signature) with 200', async () => {
    const { post, count, engine } = await setup();
    const notes: string[] = [];
    engine.events.on('log', (a) => notes.push(a.text));
    const res = await post('woocommerce', 'webhook_id=3', { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'WordPress/6.7' });
    expect(res.statusCode).toBe(200);
    expect(notes).toContain('WooCommerce connected (webhook 3)');
    expect(count('deliveries')).toBe(0);
  });

  it('refuses a tampered body, a wrong secret and a missing signature', async () => {
    const { post, count } = await setup();
    const body = JSON.stringify(wooOrder(9));
    const tampered = await post('woocommerce', body.replace('64.50', '0.01'), wooHeaders(body));
    const wrong = await post('woocommerce', body, wooHeaders(body, 'order.created', 'not-the-secret'));
    const { 'x-wc-webhook-signature': _drop, ...unsigned } = wooHeaders(body);
    const missing = await post('woocommerce', body, unsigned);
    expect([tampered.statusCode, wrong.statusCode, missing.statusCode]).toEqual([401, 401, 401]);
    expect([tampered.json().error, wrong.json().error, missing.json().error]).toEqual(['bad_signature', 'bad_signature', 'missing_signature']);
    expect(wrong.json().message).toContain('WooCommerce → Settings → Advanced → Webhooks');
    expect(count('deliveries')).toBe(0);
  });
});

describe('ClinchPad', () => {
  const handshakeKey = 'hk_clinch_31';
  const activity = (type: string, id: string, key: string | null = handshakeKey) =>
    JSON.stringify({
      activity: {
        _id: id,
        created_at: '2026-11-20T09:00:00Z',
        type,
        user: { _id: 'u1', name: 'Sam Seller' },
        ...(type === 'note:created' ? { note_content: 'Called, wants an offer' } : {}),
      },
      lead: {
        _id: 'L-77',
        name: 'Acme deal',
        stage: { _id: 's1', name: 'Offer' },
        pipe: { _id: 'p1', name: 'Default' },
        contacts: [{ name: 'Ada Ng', email: 'ada@acme.example', phone: '+1 555 0100' }],
      },
      ...(key === null ? {} : { handshake_key: key }),
    });
  const json = { 'content-type': 'application/json' };

  it('accepts and normalises every listed activity kind, and kinds it does not list, keeping the exact kind', async () => {
    const { post, count, events } = await setup({ sources: { clinchpad: { handshakeKey } } });
    const kinds = [...Object.keys(CLINCHPAD_ACTIVITIES), 'task:completed', 'lead:stage_changed'];
    for (const [i, kind] of kinds.entries()) expect((await post('clinchpad', activity(kind, `act-${i}`), json)).statusCode, kind).toBe(200);
    const stored = events();
    expect(stored.map((e) => e.platformEvent)).toEqual(kinds);
    for (const [i, kind] of kinds.entries()) {
      const expected = CLINCHPAD_ACTIVITIES[kind] ?? { type: 'contact.updated' };
      expect(stored[i], kind).toMatchObject({
        source: 'clinchpad',
        type: expected.type,
        person: { name: 'Ada Ng', email: 'ada@acme.example' },
        link: 'https://www.clinchpad.com/leads/L-77',
      });
      expect(stored[i]!.key).toBe(expected.type === 'contact.created' ? 'lead:L-77:contact.created' : `activity:act-${i}`);
    }
    expect(stored.find((e) => e.platformEvent === 'lead:won')).toMatchObject({ summary: 'Lead Acme deal: won (Offer)' });
    expect(stored.find((e) => e.platformEvent === 'task:completed')).toMatchObject({ summary: 'Lead Acme deal: task:completed (Offer)' });
    // lead:created runs the new-lead email, lead:won the won-lead email; nothing else triggers.
    expect(count('runs')).toBe(2);
  });

  it('stores a redelivered activity (same activity._id) once and triggers it once', async () => {
    const { post, count } = await setup({ sources: { clinchpad: { handshakeKey } } });
    const body = activity('lead:won', 'act-same');
    expect((await post('clinchpad', body, json)).json()).toMatchObject({ duplicate: false, runs: 1 });
    expect((await post('clinchpad', body, json)).json()).toMatchObject({ duplicate: true, runs: 0 });
    expect([count('deliveries'), count('runs')]).toEqual([1, 1]);
  });

  it('refuses a missing or wrong handshake_key when one is configured', async () => {
    const { post, count } = await setup({ sources: { clinchpad: { handshakeKey } } });
    const missing = await post('clinchpad', activity('lead:created', 'act-m', null), json);
    const wrong = await post('clinchpad', activity('lead:created', 'act-w', 'hk_guess'), json);
    expect([missing.statusCode, missing.json().error]).toEqual([401, 'missing_signature']);
    expect([wrong.statusCode, wrong.json().error]).toEqual([401, 'bad_signature']);
    expect(wrong.json().message).toContain('Settings → Integrations → Webhooks');
    expect([count('deliveries'), count('rejections')]).toEqual([0, 2]);
  });
});

describe('Stripe', () => {
  it('accepts a signed checkout.session.completed as a new, paid order with the amount in major units, once per event id', async () => {
    const { post, count, events } = await setup();
    const body = JSON.stringify(stripeCheckout('evt_1'));
    const headers = { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': stripeSignature(body) };
    expect((await post('stripe', body, headers)).statusCode).toBe(200);
    expect((await post('stripe', body, { ...headers, 'stripe-signature': stripeSignature(body) })).json()).toMatchObject({ duplicate: true });
    // stripe-payment-email runs on payment.succeeded only: the same checkout's payment_intent.succeeded emails, once.
    expect(count('runs')).toBe(0);
    const order = {
      platformEvent: 'checkout.session.completed',
      person: { name: 'Kim Lee', email: 'kim@example.com' },
      order: { total: '49.90', currency: 'EUR', number: '2051' },
    };
    // "Any new order" recipes see it as order.created, paid-order recipes as order.paid: one each.
    expect(events()).toMatchObject([
      { ...order, type: 'order.created', key: 'checkout.session:cs_test_evt_1:order.created' },
      { ...order, type: 'order.paid', key: 'checkout.session:cs_test_evt_1:order.paid' },
    ]);
  });

  it('accepts any v1 signature during a secret roll, and refuses stale, tampered, unsigned and wrongly signed ones', async () => {
    const { post, count } = await setup();
    const body = JSON.stringify(stripeCheckout('evt_2'));
    const now = Math.floor(Date.now() / 1000);
    const rolled = `${stripeSignature(body, 'whsec_old', now)},v1=${stripeSignature(body, SECRETS.stripe, now).split('v1=')[1]}`;
    expect((await post('stripe', body, { 'content-type': 'application/json', 'stripe-signature': rolled })).statusCode).toBe(200);
    const other = JSON.stringify(stripeCheckout('evt_3'));
    const stale = await post('stripe', other, { 'content-type': 'application/json', 'stripe-signature': stripeSignature(other, SECRETS.stripe, now - 301) });
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toMatchObject({ error: 'stale_timestamp' });
    const tampered = await post('stripe', other.replace('4990', '1'), { 'content-type': 'application/json', 'stripe-signature': stripeSignature(other) });
    const wrong = await post('stripe', other, { 'content-type': 'application/json', 'stripe-signature': stripeSignature(other, 'whsec_wrong') });
    const missing = await post('stripe', other, { 'content-type': 'application/json' });
    const garbled = await post('stripe', other, { 'content-type': 'application/json', 'stripe-signature': 'v0=abc' });
    expect([tampered, wrong, missing, garbled].map((r) => r.json().error)).toEqual([
      'bad_signature',
      'bad_signature',
      'missing_signature',
      'missing_signature',
    ]);
    expect(count('deliveries')).toBe(1);
  });

  it('maps payment_intent.succeeded and customer.created', async () => {
    const { post, events } = await setup();
    const pi = JSON.stringify({
      id: 'evt_pi',
      type: 'payment_intent.succeeded',
      created: 1763630000,
      livemode: true,
      data: { object: { id: 'pi_1', object: 'payment_intent', amount_received: 150000, currency: 'jpy', receipt_email: 'ken@example.jp' } },
    });
    const cus = JSON.stringify({
      id: 'evt_cus',
      type: 'customer.created',
      created: 1763630000,
      data: { object: { id: 'cus_1', object: 'customer', name: 'Ana Gomez', email: 'ana@example.com' } },
    });
    for (const body of [pi, cus])
      expect((await post('stripe', body, { 'content-type': 'application/json', 'stripe-signature': stripeSignature(body) })).statusCode).toBe(200);
    expect(events().map((e) => [e.type, e.summary])).toEqual([
      ['payment.succeeded', 'Payment of 150000 JPY from ken@example.jp'],
      ['customer.created', 'New customer Ana Gomez'],
    ]);
    // The amount travels as `order`, so payment templates and spreadsheet columns fill in.
    expect(events()[0]).toMatchObject({
      key: 'payment_intent:pi_1:payment.succeeded',
      order: { id: 'pi_1', number: 'pi_1', total: '150000', currency: 'JPY' },
    });
  });
});

describe('Mailchimp', () => {
  it("answers Mailchimp's GET validation with 200 without asking for anything", async () => {
    const { app, url } = await setup();
    const res = await app.inject({ method: 'GET', url: url('mailchimp'), headers: { 'user-agent': 'MailChimp.com WebHook Validator' } });
    expect(res.statusCode).toBe(200);
  });

  it('accepts form-encoded subscribe/unsubscribe/profile posts at the secret address, once each', async () => {
    const { post, count, events } = await setup();
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'MailChimp.com' };
    expect((await post('mailchimp', mailchimpForm('subscribe', 'mia@example.it'), form)).json()).toMatchObject({ runs: 1 });
    expect((await post('mailchimp', mailchimpForm('subscribe', 'mia@example.it'), form)).json()).toMatchObject({ duplicate: true });
    expect((await post('mailchimp', mailchimpForm('profile', 'mia@example.it', '2026-11-20 10:20:00'), form)).statusCode).toBe(200);
    expect((await post('mailchimp', mailchimpForm('unsubscribe', 'mia@example.it', '2026-11-20 10:30:00'), form)).statusCode).toBe(200);
    expect(count('runs')).toBe(1);
    expect(events().map((e) => [e.type, e.platformEvent])).toEqual([
      ['contact.created', 'subscribe'],
      ['contact.updated', 'profile'],
      ['contact.updated', 'unsubscribe'],
    ]);
    expect(events()[0]).toMatchObject({ person: { name: 'Mia Rossi', email: 'mia@example.it', phone: '+39 06 1234' }, occurredAt: '2026-11-20T10:15:00.000Z' });
  });

  it('triggers again when a member subscribes, unsubscribes and subscribes again; an exact redelivery triggers nothing', async () => {
    const { post, count, events } = await setup();
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'MailChimp.com' };
    const again = mailchimpForm('subscribe', 'leo@example.it', '2026-11-21 08:00:00');
    expect((await post('mailchimp', mailchimpForm('subscribe', 'leo@example.it', '2026-11-20 08:00:00'), form)).json()).toMatchObject({ runs: 1 });
    expect((await post('mailchimp', mailchimpForm('unsubscribe', 'leo@example.it', '2026-11-20 18:00:00'), form)).json()).toMatchObject({ runs: 0 });
    expect((await post('mailchimp', again, form)).json()).toMatchObject({ duplicate: false, runs: 1 });
    expect((await post('mailchimp', again, form)).json()).toMatchObject({ duplicate: true, runs: 0 });
    expect([count('deliveries'), count('runs')]).toEqual([3, 2]);
    expect(events().map((e) => [e.type, e.occurredAt])).toEqual([
      ['contact.created', '2026-11-20T08:00:00.000Z'],
      ['contact.updated', '2026-11-20T18:00:00.000Z'],
      ['contact.created', '2026-11-21T08:00:00.000Z'],
    ]);
  });

  it('refuses JSON where Mailchimp sends a form, and anything at a wrong address', async () => {
    const { post, app, url } = await setup();
    const json = await post('mailchimp', '{"type":"subscribe"}', { 'content-type': 'application/json' });
    expect([json.statusCode, json.json().error]).toEqual([400, 'malformed_body']);
    expect(json.json().message).toBe(
      'Mailchimp sends form fields (application/x-www-form-urlencoded), but this request was sent as application/json. Check that the address belongs to Mailchimp.',
    );
    const wrong = await app.inject({
      method: 'POST',
      url: url('mailchimp').replace(/[^/]+$/, 'guess'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: mailchimpForm('subscribe', 'x@example.com'),
    });
    expect(wrong.statusCode).toBe(404);
  });
});

describe('Mautic', () => {
  it('splits a batched POST into one event per contact, each triggering once', async () => {
    const { post, count, events } = await setup();
    const body = JSON.stringify({ ...mauticBatch([101, 102]), ...mauticBatch([55], 'mautic.lead_post_save_update') });
    const headers = {
      'content-type': 'application/json',
      'webhook-signature': hmacBase64(SECRETS.mautic, body),
      'x-origin-base-url': 'https://mautic.example',
    };
    expect((await post('mautic', body, headers)).json()).toMatchObject({ runs: 2 });
    expect((await post('mautic', body, headers)).json()).toMatchObject({ duplicate: true });
    // The same new contact inside a different batch triggers nothing again.
    const overlap = JSON.stringify(mauticBatch([102, 103]));
    expect((await post('mautic', overlap, { ...headers, 'webhook-signature': hmacBase64(SECRETS.mautic, overlap) })).json()).toMatchObject({ runs: 1 });
    expect(count('runs')).toBe(3);
    expect(
      events()
        .slice(0, 3)
        .map((e) => [e.type, e.key]),
    ).toEqual([
      ['contact.created', 'contact:101:contact.created'],
      ['contact.created', 'contact:102:contact.created'],
      ['contact.updated', 'contact:55:mautic.lead_post_save_update:2026-11-20T10:00:00+00:00'],
    ]);
    expect(events()[0]).toMatchObject({
      person: { name: 'Ola Nordmann 101', email: 'ola101@example.com', company: 'Fjord AS' },
      link: 'https://mautic.example/s/contacts/view/101',
    });
  });

  it('refuses tampered, wrongly signed and unsigned batches', async () => {
    const { post, count } = await setup();
    const body = JSON.stringify(mauticBatch([1]));
    const sig = hmacBase64(SECRETS.mautic, body);
    const results = await Promise.all([
      post('mautic', body.replace('Ola', 'Eve'), { 'content-type': 'application/json', 'webhook-signature': sig }),
      post('mautic', body, { 'content-type': 'application/json', 'webhook-signature': hmacBase64('wrong', body) }),
      post('mautic', body, { 'content-type': 'application/json' }),
    ]);
    expect(results.map((r) => [r.statusCode, r.json().error])).toEqual([
      [401, 'bad_signature'],
      [401, 'bad_signature'],
      [401, 'missing_signature'],
    ]);
    expect(results[1]!.json().message).toContain('In Mautic open Settings (gear) → Webhooks');
    expect(count('deliveries')).toBe(0);
  });

  it('links back only to an http(s) Mautic: an X-Origin-Base-URL of another kind gives no link', async () => {
    const { post, events } = await setup();
    for (const [i, site] of ['javascript:alert(1)', 'https://crm.example/mautic/'].entries()) {
      const body = JSON.stringify(mauticBatch([700 + i]));
      expect(
        (await post('mautic', body, { 'content-type': 'application/json', 'webhook-signature': hmacBase64(SECRETS.mautic, body), 'x-origin-base-url': site }))
          .statusCode,
      ).toBe(200);
    }
    expect(events().map((e) => e.link)).toEqual([undefined, 'https://crm.example/mautic/s/contacts/view/701']);
  });
});

describe('generic webhooks', () => {
  it('accepts any JSON or form POST at the secret address, once per identical delivery', async () => {
    const { post, count, events } = await setup();
    const body = JSON.stringify({ event: 'form.submitted', contact: { first_name: 'Sam', last_name: 'Roe', email: 'sam@example.com' } });
    expect((await post('generic', body, { 'content-type': 'application/json' })).json()).toMatchObject({ runs: 1 });
    expect((await post('generic', body, { 'content-type': 'application/json' })).json()).toMatchObject({ duplicate: true });
    expect((await post('generic', 'name=Jo&email=jo%40example.com', { 'content-type': 'application/x-www-form-urlencoded' })).json()).toMatchObject({
      runs: 1,
    });
    expect(count('runs')).toBe(2);
    expect(events().map((e) => [e.platformEvent, (e.person as { email: string }).email])).toEqual([
      ['form.submitted', 'sam@example.com'],
      ['webhook', 'jo@example.com'],
    ]);
  });

  it('will not start, or save from the window, with a secret that would check nothing', async () => {
    await expect(setup({ sources: { generic: { secret: SECRETS.generic } } })).rejects.toThrow(
      'sources.generic.signatureHeader: is needed with the secret: add the header the app puts its HMAC-SHA256 of the body in',
    );
    await expect(setup({ sources: { mailchimp: { secret: 'mc' } } })).rejects.toThrow(
      'sources.mailchimp.secret: Mailchimp signs nothing, so this is never used: remove it.',
    );
    await expect(setup({ sources: { paypal: { secret: 'pp', webhookId: 'W' } } })).rejects.toThrow(
      'sources.paypal.secret: PayPal deliveries are checked with PayPal using clientId, clientSecret and webhookId',
    );
    await expect(setup({ sources: { clinchpad: { secret: 'cp' } } })).rejects.toThrow('sources.clinchpad.secret: ClinchPad has no signing secret');
    const { engine } = await setup();
    await expect(engine.api['settings.update']({ sources: { generic: { secret: SECRETS.generic } } })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining("Other app's signature header is needed with the secret"),
      fields: [{ field: 'sources.generic.signatureHeader', message: expect.stringMatching(/^This is needed with the secret/) }],
    });
    expect(engine.currentSettings.sources.generic).toBeUndefined();
  });

  it('answers 404 at a wrong token and stores nothing', async () => {
    const { app, url, count } = await setup();
    const body = JSON.stringify({ event: 'form.submitted', email: 'x@example.com' });
    const res = await app.inject({
      method: 'POST',
      url: url('generic').replace(/[^/]+$/, 'not-the-token'),
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
    expect([count('deliveries'), count('rejections'), count('runs')]).toEqual([0, 0, 0]);
  });

  it('checks an HMAC header the owner named (hex, base64 or sha256=…)', async () => {
    const { post, count } = await setup({ sources: { generic: { secret: SECRETS.generic, signatureHeader: 'X-Signature' } } });
    const body = JSON.stringify({ type: 'ping', n: 1 });
    const hex = (await import('node:crypto')).createHmac('sha256', SECRETS.generic).update(body).digest('hex');
    expect((await post('generic', body, { 'content-type': 'application/json', 'x-signature': `sha256=${hex}` })).statusCode).toBe(200);
    const b64body = JSON.stringify({ type: 'ping', n: 2 });
    expect((await post('generic', b64body, { 'content-type': 'application/json', 'x-signature': hmacBase64(SECRETS.generic, b64body) })).statusCode).toBe(200);
    expect((await post('generic', JSON.stringify({ n: 3 }), { 'content-type': 'application/json', 'x-signature': hex })).statusCode).toBe(401);
    expect((await post('generic', JSON.stringify({ n: 4 }), { 'content-type': 'application/json' })).json()).toMatchObject({ error: 'missing_signature' });
    expect(count('deliveries')).toBe(2);
  });
});
