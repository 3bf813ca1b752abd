import { startContractServer, type Recorded, type Reply } from './contract-server.ts';

export const HUBSPOT_TOKEN = 'pat-eu1-11111111-2222-3333-4444-555555555555';

const KNOWN_PROPERTIES = ['email', 'firstname', 'lastname', 'phone', 'company', 'website', 'lifecyclestage'];
const PATH = '/crm/v3/objects/contacts';

interface Contact {
  id: string;
  properties: Record<string, string>;
}

const error = (status: number, category: string, message: string): Reply => ({
  status,
  body: { status: 'error', message, correlationId: 'c0ffee00-0000-4000-8000-000000000000', category },
});

/**
 * HubSpot's CRM v3 contacts API as documented: Bearer private-app token, `{properties:{…}}`
 * bodies of known properties only, email unique (a second create answers 409 "Contact already
 * exists. Existing ID: N"), PATCH by id or by email with ?idProperty=email (404 when nobody has it).
 */
export async function startHubSpot() {
  const contacts = new Map<string, Contact>();
  let nextId = 37_765_128_950;
  const faults = { loseCreateAnswers: 0 };
  const byEmail = (email: string) => [...contacts.values()].find((c) => c.properties.email?.toLowerCase() === email.toLowerCase());

  const server = await startContractServer((req: Recorded) => {
    if (req.headers.authorization !== `Bearer ${HUBSPOT_TOKEN}`) {
      return error(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication.');
    }
    if (!req.path.startsWith(PATH)) return error(404, 'OBJECT_NOT_FOUND', 'resource not found');
    if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return error(415, 'VALIDATION_ERROR', 'Content-Type must be application/json');
    const body = req.json as { properties?: Record<string, unknown> } | undefined;
    const keys = body && typeof body === 'object' ? Object.keys(body) : [];
    if (!body?.properties || keys.some((k) => k !== 'properties')) return error(400, 'VALIDATION_ERROR', 'Invalid input JSON: expected {"properties":{…}}');
    const bad = Object.entries(body.properties).find(([k, v]) => !KNOWN_PROPERTIES.includes(k) || typeof v !== 'string');
    if (bad) return error(400, 'VALIDATION_ERROR', `Property values were not valid: [{"name":"${bad[0]}","error":"PROPERTY_DOESNT_EXIST"}]`);
    const properties = body.properties as Record<string, string>;

    if (req.method === 'POST' && req.path === PATH) {
      const email = properties.email;
      const existing = email ? byEmail(email) : undefined;
      if (existing) return error(409, 'CONFLICT', `Contact already exists. Existing ID: ${existing.id}`);
      const contact = { id: String(nextId++), properties: { ...properties } };
      contacts.set(contact.id, contact);
      // The contact is stored but the answer is lost (gateway timeout): the caller must not create it again.
      if (faults.loseCreateAnswers > 0 && faults.loseCreateAnswers--) return error(504, 'GATEWAY_TIMEOUT', 'Gateway Timeout');
      return { status: 201, body: { id: contact.id, properties: contact.properties, archived: false } };
    }
    if (req.method === 'PATCH' && req.path.startsWith(`${PATH}/`)) {
      const key = decodeURIComponent(req.path.slice(PATH.length + 1));
      const idProperty = req.query.get('idProperty');
      if (idProperty !== null && idProperty !== 'email') return error(400, 'VALIDATION_ERROR', `Unknown idProperty ${idProperty}`);
      const contact = idProperty === 'email' ? byEmail(key) : contacts.get(key);
      if (!contact) return error(404, 'OBJECT_NOT_FOUND', 'resource not found');
      if (properties.email && properties.email.toLowerCase() !== contact.properties.email?.toLowerCase() && byEmail(properties.email)) {
        return error(409, 'CONFLICT', `Contact already exists. Existing ID: ${byEmail(properties.email)!.id}`);
      }
      Object.assign(contact.properties, properties);
      return { status: 200, body: { id: contact.id, properties: contact.properties, archived: false } };
    }
    return error(405, 'VALIDATION_ERROR', `${req.method} ${req.path} is not supported`);
  });
  return { ...server, contacts, faults };
}
