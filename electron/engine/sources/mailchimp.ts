import type { EventType } from '../../../shared/events.ts';
import { joinName, obj, person, str } from './fields.ts';
import { ok, type SourceDefinition } from './source.ts';

const TYPES: Record<string, EventType> = {
  subscribe: 'contact.created',
  profile: 'contact.updated',
  upemail: 'contact.updated',
  unsubscribe: 'contact.updated',
  cleaned: 'contact.updated',
};

/**
 * Mailchimp signs nothing: the secret in the address (our /h/mailchimp/<token>) is the proof,
 * as Mailchimp documents. It checks the address with a GET before it saves a webhook.
 */
export const mailchimp: SourceDefinition = {
  id: 'mailchimp',

  handshake(req) {
    if (req.method === 'GET' || req.method === 'HEAD') return { status: 200, body: { ok: true }, note: 'Mailchimp checked the webhook address' };
    return undefined;
  },

  verify() {
    return ok;
  },

  // Mailchimp sends no delivery id; the same kind of change to the same member at the same second is the same delivery.
  platformId(req, payload) {
    const body = obj(payload);
    const data = obj(body.data);
    return `${this.platformEvent(req, payload)}:${str(data.id) ?? str(data.email) ?? str(data.new_email) ?? ''}:${str(body.fired_at) ?? ''}`;
  },

  platformEvent(_req, payload) {
    return str(obj(payload).type) ?? 'unknown';
  },

  normalise(req, payload) {
    const body = obj(payload);
    const data = obj(body.data);
    const merges = obj(data.merges);
    const kind = this.platformEvent(req, payload);
    const type = TYPES[kind] ?? 'other';
    const email = str(data.email) ?? str(data.new_email) ?? str(merges.EMAIL);
    const who = person({
      name: joinName(str(merges.FNAME), str(merges.LNAME)),
      firstName: str(merges.FNAME),
      lastName: str(merges.LNAME),
      email,
      phone: str(merges.PHONE),
    });
    const member = str(data.id) ?? email ?? 'unknown';
    // fired_at is "Y-m-d H:i:s" in UTC.
    const fired = str(body.fired_at);
    const occurred = fired ? Date.parse(`${fired.replace(' ', 'T')}Z`) : NaN;
    const what =
      { subscribe: 'New subscriber', unsubscribe: 'Unsubscribed', profile: 'Profile updated', upemail: 'Email changed', cleaned: 'Address cleaned' }[kind] ??
      `Mailchimp ${kind}`;
    return [
      {
        type,
        source: 'mailchimp',
        platformEvent: kind,
        // A member may subscribe, unsubscribe and subscribe again: each is its own event, told apart
        // by fired_at. An exact redelivery has the same fired_at (and delivery id) and triggers nothing.
        key:
          type === 'contact.created'
            ? `member:${str(data.list_id) ?? ''}:${member}:contact.created:${fired ?? req.receivedAt}`
            : `member:${member}:${kind}:${fired ?? req.receivedAt}`,
        occurredAt: new Date(Number.isFinite(occurred) ? occurred : req.receivedAt).toISOString(),
        summary: `${what}: ${who?.name ? `${who.name} <${email ?? ''}>` : (email ?? member)}`,
        ...(who ? { person: who } : {}),
        data: payload,
      },
    ];
  },
};
