import type { EventType } from '../../../shared/events.ts';
import { EVENT_TYPES } from '../../../shared/events.ts';
import { joinName, obj, person, str, type Json } from './fields.ts';
import { bodyDigest, hmacSha256, secretOf, signatureMatches } from './signatures.ts';
import { ok, reject, type SourceDefinition } from './source.ts';

/**
 * Any platform we do not know yet: a JSON or form POST to the secret address. Optionally the
 * owner names a header that carries an HMAC-SHA256 of the body (hex or base64, with or without
 * a "sha256=" prefix, as GitHub-style senders write it) and its secret.
 */
export const generic: SourceDefinition = {
  id: 'generic',

  verify(req, _payload, settings) {
    const header = str(settings?.signatureHeader)?.toLowerCase();
    if (!header) return ok;
    const secret = secretOf(settings);
    if (!secret)
      return reject(
        'no_secret',
        `A signature header (${header}) is set but no secret: add the secret in Hooktray → Settings → Other app, or remove the header.`,
      );
    const given = req.headers[header];
    if (!given) return reject('missing_signature', `The request has no ${header} header, which Hooktray was told to check.`);
    const signature = given.replace(/^sha256=/i, '');
    const expected = hmacSha256(secret, req.rawBody);
    if (!signatureMatches(signature, expected, 'hex') && !signatureMatches(signature, expected, 'base64')) {
      return reject('bad_signature', `The ${header} signature did not match: check the secret in Hooktray → Settings → Other app.`);
    }
    return ok;
  },

  platformId(req, payload) {
    const body = obj(payload);
    const id = req.headers['idempotency-key'] ?? req.headers['x-event-id'] ?? req.headers['x-request-id'] ?? str(body.event_id);
    return id ? `id:${id}` : bodyDigest(req.rawBody);
  },

  platformEvent(req, payload) {
    const body = obj(payload);
    return str(body.event) ?? str(body.type) ?? str(body.topic) ?? req.headers['x-event-type'] ?? 'webhook';
  },

  normalise(req, payload) {
    const body = obj(payload);
    const kind = this.platformEvent(req, payload);
    // The platform's own name may already be one of ours ("order.created"); otherwise it is "other".
    const type = (EVENT_TYPES as readonly string[]).includes(kind) ? (kind as EventType) : 'other';
    const who = guessPerson(body);
    return [
      {
        type,
        source: 'generic',
        platformEvent: kind,
        key: this.platformId(req, payload) ?? bodyDigest(req.rawBody),
        occurredAt: new Date(req.receivedAt).toISOString(),
        summary: `${kind}${who?.name || who?.email ? ` from ${who.name ?? who.email}` : ''}`,
        ...(who ? { person: who } : {}),
        data: payload,
      },
    ];
  },
};

/** Common field names for a person, at the top level or under contact/customer/data. */
function guessPerson(body: Json) {
  const holder = [body, obj(body.contact), obj(body.customer), obj(body.data)].find((o) => str(o.email) || str(o.name) || str(o.first_name)) ?? body;
  const first = str(holder.first_name) ?? str(holder.firstName) ?? str(holder.firstname);
  const last = str(holder.last_name) ?? str(holder.lastName) ?? str(holder.lastname);
  return person({
    name: str(holder.name) ?? joinName(first, last),
    firstName: first,
    lastName: last,
    email: str(holder.email),
    phone: str(holder.phone),
    company: str(holder.company),
  });
}
