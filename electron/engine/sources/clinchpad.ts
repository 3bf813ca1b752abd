import type { EventType } from '../../../shared/events.ts';
import { isoTime, joinName, list, obj, person, str } from './fields.ts';
import { secretEquals, secretOf } from './signatures.ts';
import { ok, reject, type SourceDefinition } from './source.ts';

/**
 * ClinchPad posts one JSON body per lead activity ("lead:created", "note:created", "lead:won"…,
 * 33 kinds). Every kind is accepted: a new lead is a new contact, every other activity is an
 * update of that contact, and recipes can match the exact kind through platformEvent.
 */
const ACTIVITY_TYPES: Record<string, EventType> = {
  'lead:created': 'contact.created',
};

export const clinchpad: SourceDefinition = {
  id: 'clinchpad',
  title: 'ClinchPad',
  body: 'json',
  guide: {
    steps: [
      'In ClinchPad open Settings → Integrations and click "Manage Interactions" under Webhooks.',
      'Add a webhook and paste the ClinchPad address shown by Hooktray as its URL.',
      'Optional but recommended: type a Handshake Key of your choice there, and the same key in Hooktray → Settings → ClinchPad.',
    ],
    secretLabel: 'Handshake key',
  },

  verify(_req, payload, settings) {
    const expected = secretOf(settings, 'handshakeKey');
    // Without a handshake key the secret URL token is the only proof, as ClinchPad documents.
    if (!expected) return ok;
    const given = str(obj(payload).handshake_key);
    if (!given) return reject('missing_signature', 'The request has no handshake_key: set the same Handshake Key in ClinchPad\'s webhook settings as in Hooktray.');
    if (!secretEquals(given, expected)) return reject('bad_signature', 'ClinchPad handshake key did not match: make it the same in ClinchPad (Settings → Integrations → Webhooks) and in Hooktray.');
    return ok;
  },

  deliveryId(_req, payload) {
    return str(obj(obj(payload).activity)._id);
  },

  platformEvent(_req, payload) {
    return str(obj(obj(payload).activity).type) ?? 'unknown';
  },

  normalise(req, payload) {
    const body = obj(payload);
    const activity = obj(body.activity);
    const lead = obj(body.lead);
    const kind = this.platformEvent(req, payload);
    const type = ACTIVITY_TYPES[kind] ?? (kind === 'unknown' ? 'other' : 'contact.updated');
    const leadId = str(lead._id) ?? 'unknown';
    const contact = obj(list(lead.contacts)[0] ?? lead.contact);
    const leadName = str(lead.name);
    const who = person({
      name: str(contact.name) ?? joinName(str(contact.first_name), str(contact.last_name)) ?? leadName,
      email: str(contact.email),
      phone: str(contact.phone),
      company: str(obj(lead.organization).name) ?? str(lead.organization_name),
    });
    const stage = str(obj(lead.stage).name);
    const activityId = str(activity._id) ?? String(req.receivedAt);
    return [
      {
        type,
        source: 'clinchpad',
        platformEvent: kind,
        key: type === 'contact.created' ? `lead:${leadId}:contact.created` : `activity:${activityId}`,
        occurredAt: isoTime(activity.created_at, req.receivedAt),
        summary: type === 'contact.created' ? `New lead ${leadName ?? leadId}` : `Lead ${leadName ?? leadId}: ${kind}${stage ? ` (${stage})` : ''}`,
        ...(who ? { person: who } : {}),
        link: `https://www.clinchpad.com/leads/${leadId}`,
        data: { activity, lead },
      },
    ];
  },
};
