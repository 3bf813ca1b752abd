import { ZENDESK_TEST_SECRET } from '../../../shared/platforms.ts';
import { bodyDigest, hmacSha256, secretOf, signatureMatches } from './signatures.ts';
import { obj, person, str } from './fields.ts';
import { ok, reject, type SourceDefinition, type SourceRequest } from './source.ts';
import { pastedTicket, textOf, ticketEvent, type TicketFields } from './ticket.ts';

/**
 * How far the signed timestamp may be from our clock. Zendesk does not say how long it retries
 * or whether a retry is signed anew, so the window is wide: a replay inside it is still the same
 * delivery (dropped as a duplicate by its invocation id or ticket key), outside it is refused.
 */
export const ZENDESK_TOLERANCE_MS = 60 * 60_000;
const WHERE_SECRET = 'In Zendesk Admin Center open Apps and integrations → Webhooks, open the Hooktray webhook and click "Reveal secret" under Signing secret.';

/** The signature Zendesk sends: base64 HMAC-SHA256 over the timestamp header followed by the raw body. */
function signedWith(secret: string, req: SourceRequest, timestamp: string, signature: string): boolean {
  return signatureMatches(signature, hmacSha256(secret, Buffer.concat([Buffer.from(timestamp, 'utf8'), req.rawBody])), 'base64');
}

/**
 * Zendesk: a trigger's webhook with the body the setup steps give (requester name and email
 * filled in), or an event-subscribed webhook (`zen:event-type:ticket.created`, whose ticket names
 * its requester only by id). Both become ticket.created / ticket.updated.
 */
export const zendesk: SourceDefinition = {
  id: 'zendesk',

  // "Test webhook" on a webhook not yet saved signs with Zendesk's published test key: say it
  // arrived, run nothing (anyone can sign with that key, so nothing is stored either).
  handshake(req) {
    const signature = req.headers['x-zendesk-webhook-signature'];
    const timestamp = req.headers['x-zendesk-webhook-signature-timestamp'];
    if (req.method !== 'POST' || !signature || !timestamp || !signedWith(ZENDESK_TEST_SECRET, req, timestamp, signature)) return undefined;
    return {
      status: 200,
      body: { ok: true, test: true },
      note: 'Zendesk sent a test request and it arrived. Save the webhook in Zendesk, then copy its own Signing secret into Hooktray → Settings → Zendesk.',
    };
  },

  verify(req, _payload, settings) {
    const secret = secretOf(settings);
    if (!secret) return reject('no_secret', `The Zendesk signing secret is not set in Hooktray, so deliveries cannot be checked. ${WHERE_SECRET}`);
    const signature = req.headers['x-zendesk-webhook-signature'];
    const timestamp = req.headers['x-zendesk-webhook-signature-timestamp'];
    if (!signature || !timestamp)
      return reject(
        'missing_signature',
        'The request has no X-Zendesk-Webhook-Signature and X-Zendesk-Webhook-Signature-Timestamp headers: it did not come from Zendesk.',
      );
    if (!signedWith(secret, req, timestamp, signature))
      return reject('bad_signature', `Zendesk signature did not match: check the signing secret in Hooktray. ${WHERE_SECRET}`);
    const at = Date.parse(timestamp);
    if (!Number.isFinite(at)) return reject('missing_signature', `The X-Zendesk-Webhook-Signature-Timestamp header (${timestamp.slice(0, 40)}) is not a time.`);
    const minutes = Math.round(Math.abs(req.receivedAt - at) / 60_000);
    if (Math.abs(req.receivedAt - at) > ZENDESK_TOLERANCE_MS) {
      return reject(
        'stale_timestamp',
        `This Zendesk delivery was signed ${minutes} minutes away from this computer's time, more than the ${ZENDESK_TOLERANCE_MS / 60_000} allowed: a replay, or this computer's clock is wrong.`,
      );
    }
    return ok;
  },

  platformId(req, payload) {
    const id = req.headers['x-zendesk-webhook-invocation-id'] ?? str(obj(payload).id);
    return id ? `zendesk:${id}` : bodyDigest(req.rawBody);
  },

  platformEvent(_req, payload) {
    const body = obj(payload);
    return str(body.type) ?? str(body.event) ?? 'unknown';
  },

  normalise(req, payload) {
    const kind = this.platformEvent(req, payload);
    const pasted = pastedTicket(payload);
    if (pasted) {
      const type = pasted.event === 'ticket.updated' ? 'ticket.updated' : 'ticket.created';
      return [ticketEvent('zendesk', type, kind, pasted.ticket, pasted.ticket.updatedAt ?? bodyDigest(req.rawBody), req.receivedAt, payload)];
    }
    const body = obj(payload);
    const detail = obj(body.detail);
    const id = str(detail.id) ?? str(body.subject)?.replace(/^zen:ticket:/, '');
    if (!kind.startsWith('zen:event-type:ticket.') || !id) {
      return [
        {
          type: 'other',
          source: 'zendesk',
          platformEvent: kind,
          key: this.platformId(req, payload) ?? bodyDigest(req.rawBody),
          occurredAt: new Date(req.receivedAt).toISOString(),
          summary: `Zendesk ${kind}`,
          data: payload,
        },
      ];
    }
    // Every change is its own event type (status_changed, comment_added, …): all are updates but the creation.
    const type = kind === 'zen:event-type:ticket.created' ? 'ticket.created' : 'ticket.updated';
    const ticket: TicketFields = {
      id,
      ...(str(detail.subject) ? { subject: str(detail.subject) } : {}),
      ...(textOf(str(detail.description)) ? { description: textOf(str(detail.description)) } : {}),
      ...(str(detail.status) ? { status: str(detail.status) } : {}),
      ...(str(detail.priority) ? { priority: str(detail.priority) } : {}),
      ...((str(detail.updated_at) ?? str(body.time)) ? { updatedAt: str(detail.updated_at) ?? str(body.time) } : {}),
    };
    const requester = person({ name: str(obj(detail.requester).name), email: str(obj(detail.requester).email) });
    if (requester) ticket.requester = requester;
    return [ticketEvent('zendesk', type, kind, ticket, str(body.id) ?? bodyDigest(req.rawBody), req.receivedAt, payload)];
  },
};
