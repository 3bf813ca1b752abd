import { describe, expect, it } from 'vitest';
import { htmlFormSnippet } from '../../../shared/paste-texts.ts';
import { startEngine } from '../../helpers/engine.ts';

async function setup() {
  const started = await startEngine({ paused: true });
  const { app, db } = started.engine.state;
  const path = new URL(started.webhooks.form!).pathname;
  const post = (body: string, headers: Record<string, string>) => app.inject({ method: 'POST', url: path, headers, payload: body });
  const events = () =>
    (db.prepare('SELECT event FROM events ORDER BY id').all() as { event: string }[]).map((r) => JSON.parse(r.event) as Record<string, unknown>);
  return { ...started, post, events };
}
const json = { 'content-type': 'application/json' };
const browser = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('Website form', () => {
  it('a plain HTML form (the snippet’s field names) from a browser: the person and message, and a thank-you page', async () => {
    const { post, events } = await setup();
    // The snippet's own fields, as a browser sends them.
    expect(htmlFormSnippet('https://x.example/h/form/t')).toMatch(
      /name="name"[\s\S]*name="email"[\s\S]*name="phone"[\s\S]*name="message"[\s\S]*name="_gotcha"/,
    );
    const body = new URLSearchParams({
      name: 'Jane Example',
      email: 'jane@example.com',
      phone: '+49 30 1234',
      message: 'Do you ship to Austria?\nThanks!',
      _gotcha: '',
    }).toString();
    const res = await post(body, browser);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Thank you');
    expect(events()).toEqual([
      expect.objectContaining({
        type: 'form.submitted',
        platformEvent: 'form',
        summary: 'Form sent by Jane Example <jane@example.com>',
        person: { name: 'Jane Example', email: 'jane@example.com', phone: '+49 30 1234' },
        form: {
          message: 'Do you ship to Austria?\nThanks!',
          fields: { name: 'Jane Example', email: 'jane@example.com', phone: '+49 30 1234', message: 'Do you ship to Austria?\nThanks!' },
        },
      }),
    ]);
    // Sent twice (a double click): one entry.
    expect((await post(body, browser)).statusCode).toBe(200);
    expect(events()).toHaveLength(1);
  });

  it('sends the visitor on to the thank-you page the form names (http(s) only); a program gets JSON', async () => {
    const { post } = await setup();
    const next = await post(new URLSearchParams({ email: 'a@example.com', _redirect: 'https://shop.example/thanks' }).toString(), browser);
    expect([next.statusCode, next.headers.location]).toEqual([303, 'https://shop.example/thanks']);
    const script = await post(new URLSearchParams({ email: 'b@example.com', _redirect: 'javascript:alert(1)' }).toString(), browser);
    expect([script.statusCode, script.headers.location]).toEqual([200, undefined]);
    const program = await post(JSON.stringify({ email: 'c@example.com' }), json);
    expect(program.json()).toMatchObject({ ok: true, duplicate: false });
  });

  it('a filled-in hidden field is a robot: kept, but no form.submitted', async () => {
    const { post, events } = await setup();
    await post(new URLSearchParams({ name: 'Buy pills', email: 'spam@example.com', message: 'cheap', _gotcha: 'http://spam.example' }).toString(), browser);
    expect(events().map((e) => [e.type, e.platformEvent])).toEqual([['other', 'robot']]);
  });

  it('WPForms / named JSON fields, with labels as people write them', async () => {
    const { post, events } = await setup();
    await post(
      JSON.stringify({
        'First Name': 'Ola',
        'Last Name': 'Nordmann',
        'Your E-mail': 'ola@example.com',
        'Name of your company': 'Fjord AS',
        'How can we help?': 'I need a quote for 40 chairs.',
      }),
      json,
    );
    expect(events()[0]).toMatchObject({
      person: { name: 'Ola Nordmann', firstName: 'Ola', lastName: 'Nordmann', email: 'ola@example.com', company: 'Fjord AS' },
      form: { message: 'I need a quote for 40 chairs.' },
    });
  });

  it('Gravity Forms "all fields": numbered fields, the name from its .3 and .6 parts, the entry id as the delivery', async () => {
    const { post, events } = await setup();
    const entry = {
      id: '31',
      form_id: '2',
      date_created: '2026-11-20 10:00:00',
      source_url: 'https://shop.example/contact/',
      '1.3': 'Lena',
      '1.6': 'Berg',
      '2': 'lena@berg.example',
      '3': 'Please call me back about my order.',
    };
    await post(JSON.stringify(entry), json);
    await post(JSON.stringify({ ...entry, date_updated: 'later' }), json);
    expect(events()).toEqual([
      expect.objectContaining({
        platformEvent: 'gravity-forms',
        key: 'form:gravity-forms:2:31',
        person: { name: 'Lena Berg', firstName: 'Lena', lastName: 'Berg', email: 'lena@berg.example' },
        form: expect.objectContaining({ message: 'Please call me back about my order.' }),
        link: 'https://shop.example/contact/',
      }),
    ]);
  });

  it('Typeform: answers by their questions, the email answer as the email', async () => {
    const { post, events } = await setup();
    const response = {
      event_id: '01EK4R5PFZZP6C8H14RTP4YW6C',
      event_type: 'form_response',
      form_response: {
        form_id: 'g8hcyeXS',
        submitted_at: '2026-11-20T08:23:49Z',
        definition: {
          id: 'g8hcyeXS',
          title: 'Contact us',
          fields: [
            { id: 'f1', title: "What's your name?", type: 'short_text' },
            { id: 'f2', title: 'Where can we reach you?', type: 'email' },
            { id: 'f3', title: 'Your message', type: 'long_text' },
            { id: 'f4', title: 'Topic', type: 'multiple_choice' },
          ],
        },
        answers: [
          { type: 'text', text: 'Noa Levi', field: { id: 'f1', type: 'short_text' } },
          { type: 'email', email: 'noa@example.com', field: { id: 'f2', type: 'email' } },
          { type: 'text', text: 'Is the blue mug dishwasher safe?', field: { id: 'f3', type: 'long_text' } },
          { type: 'choice', choice: { label: 'Products' }, field: { id: 'f4', type: 'multiple_choice' } },
        ],
      },
    };
    await post(JSON.stringify(response), json);
    expect(events()[0]).toMatchObject({
      platformEvent: 'typeform',
      summary: 'Form "Contact us" sent by Noa Levi <noa@example.com>',
      person: { name: 'Noa Levi', email: 'noa@example.com' },
      form: {
        name: 'Contact us',
        message: 'Is the blue mug dishwasher safe?',
        fields: {
          "What's your name?": 'Noa Levi',
          'Where can we reach you?': 'noa@example.com',
          'Your message': 'Is the blue mug dishwasher safe?',
          Topic: 'Products',
        },
      },
    });
  });

  it('a flood of fields costs little: the first 100 are read (the delivery keeps them all)', async () => {
    const { post, events } = await setup();
    const flood = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`field${i}`, `value ${i}`]));
    await post(JSON.stringify({ email: 'flood@example.com', ...flood }), json);
    const [event] = events() as [{ form: { fields: Record<string, string> }; person: { email: string } }];
    expect([Object.keys(event.form.fields).length, event.person.email]).toEqual([100, 'flood@example.com']);
  });

  it('Google Forms through the Apps Script: answers by question, the collected email', async () => {
    const { post, events } = await setup();
    await post(
      JSON.stringify({
        source: 'google-forms',
        form: 'Workshop sign-up',
        id: '2_ABaOnud',
        email: 'kim@example.com',
        answers: { 'Full name': 'Kim Lee', 'Which date?': '12 December', Comments: 'Vegetarian lunch, please' },
      }),
      json,
    );
    expect(events()[0]).toMatchObject({
      platformEvent: 'google-forms',
      key: 'form:google-forms:2_ABaOnud',
      person: { name: 'Kim Lee', email: 'kim@example.com' },
      form: { name: 'Workshop sign-up', message: 'Vegetarian lunch, please' },
    });
  });
});
