import type { EventType, HooktrayEvent } from '../../../shared/events.ts';
import { isoTime, joinName, list, obj, person, siteBase, str, type Json } from './fields.ts';
import { bodyDigest, hmacSha256, secretOf, signatureMatches } from './signatures.ts';
import { ok, reject, type SourceDefinition } from './source.ts';

const TYPES: Record<string, EventType> = {
  'mautic.lead_post_save_new': 'contact.created',
  'mautic.lead_post_save_update': 'contact.updated',
};
const WHERE_SECRET = 'In Mautic open Settings (gear) → Webhooks, open the webhook and copy its Secret into Hooktray.';

/** Mautic batches queued events, grouped by type, into one POST: one delivery, several events. */
export const mautic: SourceDefinition = {
  id: 'mautic',

  verify(req, _payload, settings) {
    const secret = secretOf(settings);
    if (!secret) return reject('no_secret', `The Mautic webhook secret is not set in Hooktray, so deliveries cannot be checked. ${WHERE_SECRET}`);
    const given = req.headers['webhook-signature'];
    if (!given) return reject('missing_signature', 'The request has no Webhook-Signature header: it did not come from Mautic.');
    if (!signatureMatches(given, hmacSha256(secret, req.rawBody), 'base64')) return reject('bad_signature', `Mautic signature did not match. ${WHERE_SECRET}`);
    return ok;
  },

  // A redelivered batch is the same bytes; each event in it also has its own key.
  platformId(req) {
    return bodyDigest(req.rawBody);
  },

  platformEvent(_req, payload) {
    return (
      Object.keys(obj(payload))
        .filter((k) => k.startsWith('mautic.'))
        .join(',') || 'unknown'
    );
  },

  normalise(req, payload) {
    const events: HooktrayEvent[] = [];
    for (const [kind, items] of Object.entries(obj(payload))) {
      if (!kind.startsWith('mautic.')) continue;
      for (const raw of list(items)) events.push(contactEvent(kind, obj(raw), req.receivedAt, siteBase(req.headers['x-origin-base-url'])));
    }
    return events;
  },
};

/** A contact field: `fields.core.<name>.value` in webhooks, `fields.all.<name>` in some versions. */
function core(contact: Json, field: string): string | undefined {
  const fields = obj(contact.fields);
  return str(obj(obj(fields.core)[field]).value) ?? str(obj(fields.all)[field]) ?? str(contact[field]);
}

function contactEvent(kind: string, item: Json, receivedAt: number, site: string | undefined): HooktrayEvent {
  const contact = obj(item.contact ?? item.lead);
  const id = str(contact.id) ?? 'unknown';
  const type = TYPES[kind] ?? 'other';
  const timestamp = str(item.timestamp) ?? str(contact.dateModified) ?? String(receivedAt);
  const who = person({
    name: joinName(core(contact, 'firstname'), core(contact, 'lastname')),
    firstName: core(contact, 'firstname'),
    lastName: core(contact, 'lastname'),
    email: core(contact, 'email'),
    phone: core(contact, 'phone') ?? core(contact, 'mobile'),
    company: core(contact, 'company'),
  });
  return {
    type,
    source: 'mautic',
    platformEvent: kind,
    key: type === 'contact.created' ? `contact:${id}:contact.created` : `contact:${id}:${kind}:${timestamp}`,
    occurredAt: isoTime(timestamp, receivedAt),
    summary: `${type === 'contact.created' ? 'New contact' : 'Contact updated'}: ${who?.name ?? who?.email ?? id}`,
    ...(who ? { person: who } : {}),
    ...(site ? { link: `${site}s/contacts/view/${encodeURIComponent(id)}` } : {}),
    data: item,
  };
}
