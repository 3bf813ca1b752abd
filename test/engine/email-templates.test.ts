import { describe, expect, it } from 'vitest';
import { startEngine } from '../helpers/engine.ts';
import { mailBodies } from '../helpers/mail-text.ts';
import { startSmtp } from '../helpers/smtp.ts';

async function setup(recipe: string) {
  const smtp = await startSmtp();
  const started = await startEngine({
    smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
    recipes: [{ recipe, settings: { to: ['team@example.com'] } }],
  });
  return { smtp, started };
}

describe('default email templates', () => {
  it('the lead-won email names the lead by its own name, and the contact beside it', async () => {
    const { smtp, started } = await setup('clinchpad-lead-won-email');
    const body = JSON.stringify({
      activity: { _id: 'act-won-1', created_at: '2026-11-20T09:00:00Z', type: 'lead:won' },
      lead: { _id: 'L-9', name: 'Acme yearly licence', size: 12000, stage: { name: 'Won' }, contacts: [{ name: 'Ada Ng', email: 'ada@acme.example' }] },
    });
    expect((await fetch(started.webhooks.clinchpad, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(200);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toBe('Won: Acme yearly licence 🎉');
    const { text } = mailBodies(mail!);
    expect(text).toContain('Lead: Acme yearly licence\nContact: Ada Ng\nEmail: ada@acme.example\n');
    expect(text).toContain('Value: 12000');
    await smtp.stop();
  });

  it('the generic email lists every top-level field the app sent (JSON and form), nested ones as JSON, escaped in HTML', async () => {
    const { smtp, started } = await setup('generic-email');
    const json = {
      event: 'signup',
      name: 'Ann Lee',
      email: 'ann@example.com',
      plan: 'pro',
      seats: 3,
      trial: false,
      tags: ['a', 'b'],
      address: { city: 'Oslo' },
      referrer: null,
      note: '<b>call me</b>',
    };
    await fetch(started.webhooks.generic, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
    await fetch(started.webhooks.generic, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'type=form.sent&company=Berg+Bakery&message=Hello%20there',
    });
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}`, i]));
    await fetch(started.webhooks.generic, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'bulk', ...many }),
    });
    const mails = await smtp.waitFor(3);
    const bySubject = new Map(mails.map((m) => [m.subject.split(' ')[0], mailBodies(m)]));

    const signup = bySubject.get('signup')!;
    expect(signup.text!.trim().split('\n').slice(2)).toEqual([
      'event: signup',
      'name: Ann Lee',
      'email: ann@example.com',
      'plan: pro',
      'seats: 3',
      'trial: false',
      'tags: ["a","b"]',
      'address: {"city":"Oslo"}',
      'referrer: ',
      'note: <b>call me</b>',
    ]);
    expect(signup.html).toContain('<th align="left" valign="top">note</th><td>&lt;b&gt;call me&lt;/b&gt;</td>');
    expect(signup.html).toContain('<td>{&#34;city&#34;:&#34;Oslo&#34;}</td>');

    expect(bySubject.get('form.sent')!.text).toContain('company: Berg Bakery\nmessage: Hello there\n');
    const bulk = bySubject.get('bulk')!.text!.trim().split('\n').slice(2);
    expect(bulk).toHaveLength(51);
    expect(bulk.at(-1)).toBe('…: 11 more fields not shown');
    await smtp.stop();
  });
});
