import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ZENDESK_TEST_SECRET } from '../../../shared/platforms.ts';
import { ZENDESK_TOLERANCE_MS } from '../../../electron/engine/sources/zendesk.ts';
import { FRESHDESK_SECRET, ZENDESK_SECRET, zendeskHeaders, zendeskTicket } from '../../helpers/platforms.ts';
import { startEngine } from '../../helpers/engine.ts';

async function setup() {
  const started = await startEngine({ sources: { zendesk: { secret: ZENDESK_SECRET }, freshdesk: { secret: FRESHDESK_SECRET } }, paused: true });
  const { app, db } = started.engine.state;
  const post = (source: 'zendesk' | 'freshdesk', body: string, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: new URL(started.webhooks[source]!).pathname, headers, payload: body });
  const events = () =>
    (db.prepare('SELECT event FROM events ORDER BY id').all() as { event: string }[]).map((r) => JSON.parse(r.event) as Record<string, unknown>);
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { ...started, post, events, count };
}

describe('Zendesk', () => {
  it('accepts a signed trigger body and reads it into a ticket with its requester; the same invocation again is a duplicate', async () => {
    const { post, events } = await setup();
    const body = JSON.stringify(zendeskTicket(35436));
    const headers = zendeskHeaders(body, { invocation: 'inv-1' });
    expect((await post('zendesk', body, headers)).json()).toMatchObject({ ok: true, duplicate: false });
    expect((await post('zendesk', body, headers)).json()).toMatchObject({ duplicate: true });
    expect(events()).toEqual([
      expect.objectContaining({
        type: 'ticket.created',
        source: 'zendesk',
        key: 'ticket:35436:ticket.created',
        summary: 'New ticket #35436 from Ada Ng: Printer on fire',
        person: { name: 'Ada Ng', email: 'ada@acme.example' },
        ticket: {
          id: '35436',
          number: '#35436',
          subject: 'Printer on fire',
          description: 'The printer in the shop caught fire.\nPlease send help.',
          status: 'New',
          priority: 'High',
        },
        link: 'https://berg-bakery.zendesk.com/agent/tickets/35436',
      }),
    ]);
  });

  it('reads an event-subscribed ticket event (zen:event-type:…) and keeps each update apart', async () => {
    const { post, events } = await setup();
    const event = (type: string, id: string, status: string) =>
      JSON.stringify({
        type: `zen:event-type:ticket.${type}`,
        account_id: 88888888,
        id,
        time: '2026-11-20T10:00:00Z',
        zendesk_event_version: '2022-11-06',
        subject: 'zen:ticket:77',
        detail: {
          id: '77',
          subject: 'Refund',
          status,
          priority: 'low',
          requester_id: '9001',
          created_at: '2026-11-20T10:00:00Z',
          updated_at: '2026-11-20T10:00:00Z',
        },
        event: {},
      });
    for (const body of [event('created', 'e1', 'NEW'), event('status_changed', 'e2', 'OPEN'), event('comment_added', 'e3', 'OPEN')]) {
      expect((await post('zendesk', body, zendeskHeaders(body))).statusCode).toBe(200);
    }
    expect(events().map((e) => [e.type, e.key, e.summary])).toEqual([
      ['ticket.created', 'ticket:77:ticket.created', 'New ticket #77: Refund'],
      ['ticket.updated', 'ticket:77:ticket.updated:e2', 'Ticket #77 updated (OPEN): Refund'],
      ['ticket.updated', 'ticket:77:ticket.updated:e3', 'Ticket #77 updated (OPEN): Refund'],
    ]);
  });

  it('refuses a forged signature, a tampered body, a missing header and a stale or unreadable timestamp', async () => {
    const { post, count } = await setup();
    const body = JSON.stringify(zendeskTicket(1));
    const forged = await post('zendesk', body, zendeskHeaders(body, { secret: 'a-guess' }));
    const tampered = await post('zendesk', body.replace('Printer', 'Scanner'), zendeskHeaders(body));
    const { 'x-zendesk-webhook-signature': _drop, ...unsigned } = zendeskHeaders(body);
    const missing = await post('zendesk', body, unsigned);
    const stale = await post('zendesk', body, zendeskHeaders(body, { at: new Date(Date.now() - ZENDESK_TOLERANCE_MS - 60_000) }));
    const future = await post('zendesk', body, zendeskHeaders(body, { at: new Date(Date.now() + ZENDESK_TOLERANCE_MS + 60_000) }));
    const garbled: Record<string, string> = { ...zendeskHeaders(body), 'x-zendesk-webhook-signature-timestamp': 'yesterday' };
    garbled['x-zendesk-webhook-signature'] = createHmac('sha256', ZENDESK_SECRET).update(`yesterday${body}`).digest('base64');
    const unreadable = await post('zendesk', body, garbled);
    expect([forged, tampered, missing, stale, future, unreadable].map((r) => [r.statusCode, r.json().error])).toEqual([
      [401, 'bad_signature'],
      [401, 'bad_signature'],
      [401, 'missing_signature'],
      [401, 'stale_timestamp'],
      [401, 'stale_timestamp'],
      [401, 'missing_signature'],
    ]);
    expect(forged.json().message).toContain('Reveal secret');
    expect(stale.json().message).toMatch(/signed 6\d minutes away from this computer's time/);
    expect(count('deliveries')).toBe(0);
  });

  it("answers Zendesk's test request (signed with its published test key) with 200, storing nothing", async () => {
    const { post, count, engine } = await setup();
    const notes: string[] = [];
    engine.events.on('log', (a) => notes.push(a.text));
    const body = '{"say":"hello"}';
    const res = await post('zendesk', body, zendeskHeaders(body, { secret: ZENDESK_TEST_SECRET }));
    expect(res.statusCode).toBe(200);
    expect(notes.join('\n')).toContain('Zendesk sent a test request and it arrived');
    expect(count('deliveries')).toBe(0);
  });

  it('refuses the test key as the signing secret in settings', async () => {
    await expect(startEngine({ sources: { zendesk: { secret: ZENDESK_TEST_SECRET } } })).rejects.toThrow(
      /sources\.zendesk\.secret: is the key Zendesk signs test requests with/,
    );
  });
});

describe('Freshdesk', () => {
  const json = (secret?: string) => ({ 'content-type': 'application/json', ...(secret === undefined ? {} : { 'x-hooktray-secret': secret }) });

  it('accepts the pasted body with the secret header; a retry (same bytes) is a duplicate, a new update is not', async () => {
    const { post, events } = await setup();
    const created = JSON.stringify(
      zendeskTicket(12, 'ticket.created', {
        link: 'https://acme.freshdesk.com/a/tickets/12',
        description: '<div>Hello <b>team</b></div><div>Line two &amp; more</div>',
      }),
    );
    const pending = JSON.stringify(zendeskTicket(12, 'ticket.updated', { status: 'Pending' }));
    const resolved = JSON.stringify(zendeskTicket(12, 'ticket.updated', { status: 'Resolved' }));
    for (const body of [created, created, pending, resolved, resolved]) expect((await post('freshdesk', body, json(FRESHDESK_SECRET))).statusCode).toBe(200);
    const stored = events();
    expect(stored.map((e) => [e.type, e.summary])).toEqual([
      ['ticket.created', 'New ticket #12 from Ada Ng: Printer on fire'],
      ['ticket.updated', 'Ticket #12 updated (Pending): Printer on fire'],
      ['ticket.updated', 'Ticket #12 updated (Resolved): Printer on fire'],
    ]);
    expect(stored[0]).toMatchObject({ ticket: { description: 'Hello team\nLine two & more' }, link: 'https://acme.freshdesk.com/a/tickets/12' });
  });

  it('reads the older freshdesk_webhook body: creation by triggered_event, any other change an update', async () => {
    const { post, events } = await setup();
    const hook = (event: string) =>
      JSON.stringify({
        freshdesk_webhook: {
          triggered_event: event,
          ticket_id: '11',
          ticket_url: 'http://acme.freshdesk.com/helpdesk/tickets/11',
          ticket_subject: 'Test ticket ☃',
          ticket_description: '<div>Help ☃.</div>',
          ticket_status: 'Pending',
          ticket_priority: 'High',
          requester_name: 'Bob',
          requester_email: 'bob@example.com',
        },
      });
    await post('freshdesk', hook('{ticket_action:created}'), json(FRESHDESK_SECRET));
    await post('freshdesk', hook('{status:{from:Open,to:Pending}}'), json(FRESHDESK_SECRET));
    expect(events().map((e) => [e.type, e.summary, (e.person as { email: string }).email])).toEqual([
      ['ticket.created', 'New ticket #11 from Bob: Test ticket ☃', 'bob@example.com'],
      ['ticket.updated', 'Ticket #11 updated (Pending): Test ticket ☃', 'bob@example.com'],
    ]);
  });

  it('refuses a missing or wrong secret header, and saying no secret is set when none is', async () => {
    const { post, count } = await setup();
    const body = JSON.stringify(zendeskTicket(5));
    const missing = await post('freshdesk', body, json());
    const wrong = await post('freshdesk', body, json('fd-secret-header-8c1e4b2b'));
    expect([missing, wrong].map((r) => [r.statusCode, r.json().error])).toEqual([
      [401, 'missing_signature'],
      [401, 'bad_signature'],
    ]);
    expect(wrong.json().message).toContain('X-Hooktray-Secret');
    expect(count('deliveries')).toBe(0);
    const bare = await startEngine({ paused: true });
    const res = await bare.engine.state.app.inject({
      method: 'POST',
      url: new URL(bare.webhooks.freshdesk!).pathname,
      headers: json(FRESHDESK_SECRET),
      payload: body,
    });
    expect([res.statusCode, res.json().error]).toEqual([401, 'no_secret']);
  });

  it('refuses a secret shorter than 12 characters in settings', async () => {
    await expect(startEngine({ sources: { freshdesk: { secret: 'short' } } })).rejects.toThrow(/sources\.freshdesk\.secret: is too short/);
  });
});
