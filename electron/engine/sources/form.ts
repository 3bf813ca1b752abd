import { bodyDigest } from './signatures.ts';
import { obj, str } from './fields.ts';
import { readFormEntry } from './form-entries.ts';
import { ok, type KeptReply, type SourceDefinition, type SourceRequest } from './source.ts';
import { httpLink } from './ticket.ts';

/** The hidden field of the HTML snippet that people leave empty and robots fill in. */
const HONEYPOT = '_gotcha';

const THANKS = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Thank you</title>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1>Thank you!</h1><p>Your message was sent.</p><p><a href="javascript:history.back()">Back</a></p></body></html>`;

/**
 * A website form: a plain HTML form on the owner's page (form fields), WPForms, Gravity Forms,
 * Typeform or a Google Form's Apps Script (JSON). The address is the only proof, as a public page
 * can keep no secret; a filled-in honeypot field marks a robot, whose entry runs nothing.
 */
export const form: SourceDefinition = {
  id: 'form',

  verify() {
    return ok;
  },

  // The same entry twice (a double-clicked Send, a builder's retry) is the same delivery.
  platformId(req, payload) {
    const entry = readFormEntry(payload);
    return entry.id ? `${entry.builder}:${entry.id}` : bodyDigest(req.rawBody);
  },

  platformEvent(_req, payload) {
    return readFormEntry(payload).builder;
  },

  normalise(req, payload) {
    const entry = readFormEntry(payload);
    const key = `form:${this.platformId(req, payload)}`;
    const occurredAt = new Date(req.receivedAt).toISOString();
    if (str(obj(payload)[HONEYPOT])) {
      return [
        {
          type: 'other',
          source: 'form',
          platformEvent: 'robot',
          key,
          occurredAt,
          summary: 'A robot filled in the website form (its hidden field was filled in): no recipe runs',
          data: payload,
        },
      ];
    }
    const who = entry.person?.name && entry.person.email ? `${entry.person.name} <${entry.person.email}>` : (entry.person?.name ?? entry.person?.email);
    const page = httpLink(entry.page);
    return [
      {
        type: 'form.submitted',
        source: 'form',
        platformEvent: entry.builder,
        key,
        occurredAt,
        summary: `Form${entry.form.name ? ` "${entry.form.name}"` : ''} sent${who ? ` by ${who}` : ''}`,
        ...(entry.person ? { person: entry.person } : {}),
        form: entry.form,
        ...(page ? { link: page } : {}),
        data: payload,
      },
    ];
  },

  // A visitor's browser posted the form: thank them, or send them to the page the form names.
  kept(req, payload) {
    if (!fromBrowser(req)) return undefined;
    const next = httpLink(str(obj(payload)._redirect) ?? str(obj(payload)._next));
    return next ? { status: 303, headers: { location: next }, body: '' } : ({ status: 200, body: THANKS } satisfies KeptReply);
  },
};

/** A form a browser submitted by itself: form fields, and a page wanted back. */
function fromBrowser(req: SourceRequest): boolean {
  return req.contentType === 'application/x-www-form-urlencoded' && (req.headers.accept ?? '').includes('text/html');
}
