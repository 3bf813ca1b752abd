import type { EventType } from '../../../shared/events.ts';
import { isoTime, joinName, list, obj, person, str } from './fields.ts';
import { secretEquals, secretOf } from './signatures.ts';
import { ok, reject, type SourceDefinition } from './source.ts';

export interface ClinchPadActivity {
  /** The common event it becomes. */
  type: EventType;
  /** How the summary says it: "Lead Acme deal: won". */
  what: string;
}

/**
 * ClinchPad posts one JSON body per lead activity and says there are 33 kinds
 * (https://www.clinchpad.com/api/docs/webhooks). Its table of them could not be read here: the
 * copies found show only `lead:created` and `note:created`. `lead:won` and `lead:lost` are the
 * kinds our recipes match (clinchpad-lead-won-email); they follow ClinchPad's `<object>:<verb>`
 * naming but are UNVERIFIED. So every kind is accepted, listed or not: a new lead is a new
 * contact, any other activity an update of that lead's contact, and its exact name stays the
 * platformEvent that recipes can match (e.g. `lead:won`).
 */
export const CLINCHPAD_ACTIVITIES: Readonly<Record<string, ClinchPadActivity>> = {
  'lead:created': { type: 'contact.created', what: 'created' },
  'note:created': { type: 'contact.updated', what: 'note added' },
  'lead:won': { type: 'contact.updated', what: 'won' },
  'lead:lost': { type: 'contact.updated', what: 'lost' },
};

/** What an activity of `kind` becomes; kinds we do not list are updates, a missing kind is "other". */
export function clinchpadActivity(kind: string): ClinchPadActivity {
  return CLINCHPAD_ACTIVITIES[kind] ?? (kind === 'unknown' ? { type: 'other', what: 'unknown activity' } : { type: 'contact.updated', what: kind });
}

export const clinchpad: SourceDefinition = {
  id: 'clinchpad',

  verify(_req, payload, settings) {
    const expected = secretOf(settings, 'handshakeKey');
    // Without a handshake key the secret URL token is the only proof, as ClinchPad documents.
    if (!expected) return ok;
    const given = str(obj(payload).handshake_key);
    if (!given)
      return reject('missing_signature', "The request has no handshake_key: set the same Handshake Key in ClinchPad's webhook settings as in Hooktray.");
    if (!secretEquals(given, expected))
      return reject(
        'bad_signature',
        'ClinchPad handshake key did not match: make it the same in ClinchPad (Settings → Integrations → Webhooks) and in Hooktray.',
      );
    return ok;
  },

  platformId(_req, payload) {
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
    const { type, what } = clinchpadActivity(kind);
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
        summary: type === 'contact.created' ? `New lead ${leadName ?? leadId}` : `Lead ${leadName ?? leadId}: ${what}${stage ? ` (${stage})` : ''}`,
        ...(who ? { person: who } : {}),
        link: `https://www.clinchpad.com/leads/${encodeURIComponent(leadId)}`,
        data: { activity, lead },
      },
    ];
  },
};
