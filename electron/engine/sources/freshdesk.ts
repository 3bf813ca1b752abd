import { bodyDigest, secretEquals, secretOf } from './signatures.ts';
import { obj, person, str } from './fields.ts';
import { ok, reject, type SourceDefinition } from './source.ts';
import { httpLink, pastedTicket, textOf, ticketEvent, type TicketFields } from './ticket.ts';

/** The header the setup steps have the owner add to the Freshdesk rule; Freshdesk signs nothing. */
export const FRESHDESK_SECRET_HEADER = 'x-hooktray-secret';
const WHERE_SECRET =
  'In Freshdesk open Admin → Workflows → Automations, edit the rule, and give its webhook the custom header X-Hooktray-Secret with the same text as in Hooktray → Settings → Freshdesk.';

/**
 * Freshdesk automation rules ("Trigger webhook"): the body the setup steps give, or the older
 * `{"freshdesk_webhook": {ticket_id, ticket_subject, requester_email, triggered_event, …}}` that
 * integrations have long suggested. Freshdesk has no delivery id, so a delivery is known by its
 * bytes: a retry repeats them, a new update changes them.
 */
export const freshdesk: SourceDefinition = {
  id: 'freshdesk',

  verify(req, _payload, settings) {
    const secret = secretOf(settings);
    if (!secret) return reject('no_secret', `The Freshdesk secret is not set in Hooktray, so deliveries cannot be checked. ${WHERE_SECRET}`);
    const given = req.headers[FRESHDESK_SECRET_HEADER];
    if (!given) return reject('missing_signature', `The request has no X-Hooktray-Secret header. ${WHERE_SECRET}`);
    if (!secretEquals(given, secret)) return reject('bad_signature', `The X-Hooktray-Secret header did not match. ${WHERE_SECRET}`);
    return ok;
  },

  platformId(req) {
    return bodyDigest(req.rawBody);
  },

  platformEvent(_req, payload) {
    const body = obj(payload);
    return str(body.event) ?? str(obj(body.freshdesk_webhook).triggered_event) ?? 'ticket';
  },

  normalise(req, payload) {
    const kind = this.platformEvent(req, payload);
    const digest = bodyDigest(req.rawBody);
    const pasted = pastedTicket(payload);
    if (pasted) {
      return [
        ticketEvent('freshdesk', pasted.event === 'ticket.updated' ? 'ticket.updated' : 'ticket.created', kind, pasted.ticket, digest, req.receivedAt, payload),
      ];
    }
    const hook = obj(obj(payload).freshdesk_webhook);
    const id = str(hook.ticket_id);
    if (!id) {
      return [
        {
          type: 'other',
          source: 'freshdesk',
          platformEvent: kind,
          key: digest,
          occurredAt: new Date(req.receivedAt).toISOString(),
          summary: `Freshdesk ${kind}`,
          data: payload,
        },
      ];
    }
    // "{ticket_action:created}" on creation rules; any other change ("{status:{from:…,to:…}}") is an update.
    const type = /ticket_action:\s*created/.test(kind) ? 'ticket.created' : 'ticket.updated';
    const requester = person({
      name: str(hook.requester_name) ?? str(hook.ticket_contact_name),
      email: str(hook.requester_email) ?? str(hook.ticket_contact_email),
    });
    const ticket: TicketFields = {
      id,
      ...(str(hook.ticket_subject) ? { subject: str(hook.ticket_subject) } : {}),
      ...(textOf(str(hook.ticket_description)) ? { description: textOf(str(hook.ticket_description)) } : {}),
      ...(str(hook.ticket_status) ? { status: str(hook.ticket_status) } : {}),
      ...(str(hook.ticket_priority) ? { priority: str(hook.ticket_priority) } : {}),
      ...(httpLink(str(hook.ticket_url)) ? { link: httpLink(str(hook.ticket_url)) } : {}),
      ...(requester ? { requester } : {}),
    };
    return [ticketEvent('freshdesk', type, kind, ticket, digest, req.receivedAt, payload)];
  },
};
