import { startContractServer, type Recorded, type Reply } from './contract-server.ts';

export const SF_CLIENT_ID = '3MVG9fTLmJ60pJ5JJ0c5xlsB8TUx4Pi1ZnBOEt7Xmpdb';
export const SF_CLIENT_SECRET = '8D1B0E36A0C0D9F4E2A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0';

interface SfRecord {
  Id: string;
  type: 'Contact' | 'Lead' | 'Note';
  fields: Record<string, string>;
  createdAt: number;
}

const sfError = (status: number, errorCode: string, message: string, extra: Record<string, unknown> = {}): Reply => ({
  status,
  body: [{ message, errorCode, fields: [], ...extra }],
});
const FIELDS = {
  Contact: ['FirstName', 'LastName', 'Email', 'Phone', 'LeadSource', 'Description'],
  Lead: ['FirstName', 'LastName', 'Email', 'Phone', 'Company', 'LeadSource', 'Description'],
  Note: ['ParentId', 'Title', 'Body', 'IsPrivate'],
} as const;
const PREFIX = { Contact: '003', Lead: '00Q', Note: '002' } as const;
const unquote = (s: string) => s.replace(/\\(.)/g, '$1');

/**
 * Salesforce's OAuth token endpoint and REST API as documented, enough for contacts and leads:
 * `POST /services/oauth2/token` (client_credentials or refresh_token grant, form body) answers an
 * access token and the instance URL (this server); every API call needs `Bearer <token>`, and an
 * expired one gets 401 INVALID_SESSION_ID (`expireSessions()`). SOQL by Email (and a note by
 * parent and title), sObject create (201; LastName required, a lead's Company too; unknown fields
 * refused), update (204), read by id. SOQL sees a record at once. `faults.loseCreateAnswers`: the
 * next n creates are stored but answered 504. `duplicateRule`: a create with the same first and
 * last name as a record of that object is refused DUPLICATES_DETECTED, naming the match.
 */
export async function startSalesforce(options: { clientCredentials?: boolean; duplicateRule?: boolean } = {}) {
  const records: SfRecord[] = [];
  const faults = { loseCreateAnswers: 0 };
  const tokens = new Set<string>();
  let issued = 0;
  const server = await startContractServer((req: Recorded): Reply => {
    if (req.path === '/services/oauth2/token') {
      if (req.method !== 'POST' || !/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? ''))
        return { status: 400, body: { error: 'invalid_request', error_description: 'must use HTTP POST with a form body' } };
      const form = new URLSearchParams(req.text);
      const grant = form.get('grant_type');
      if (grant !== 'client_credentials' && grant !== 'refresh_token')
        return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } };
      if (form.get('client_id') !== SF_CLIENT_ID) return { status: 400, body: { error: 'invalid_client_id', error_description: 'client identifier invalid' } };
      if (form.get('client_secret') !== SF_CLIENT_SECRET)
        return { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } };
      if (grant === 'client_credentials' && options.clientCredentials === false)
        return { status: 400, body: { error: 'invalid_grant', error_description: 'no client credentials user enabled' } };
      if (grant === 'refresh_token' && form.get('refresh_token') !== '5Aep861refresh')
        return { status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } };
      const token = `00D5g000004xyz!AQ${++issued}`;
      tokens.add(token);
      return {
        status: 200,
        body: {
          access_token: token,
          instance_url: server.url,
          id: `${server.url}/id/00D5g000004xyz/0055g00000AbCdE`,
          token_type: 'Bearer',
          issued_at: String(Date.now()),
          signature: 'c2lnbmF0dXJl',
        },
      };
    }
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!token || !tokens.has(token)) return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    const base = /^\/services\/data\/v\d+\.\d(\/.*)$/.exec(req.path)?.[1];
    if (!base) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (req.method === 'GET' && base === '/query') return soql(req.query.get('q') ?? '');
    const sobject = /^\/sobjects\/(Contact|Lead|Note)(?:\/([A-Za-z0-9]{15,18}))?$/.exec(base);
    if (!sobject) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const type = sobject[1] as SfRecord['type'];
    const id = sobject[2];
    if (id) {
      const record = records.find((r) => r.Id === id && r.type === type);
      if (!record) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
      if (req.method === 'GET') return { status: 200, body: { attributes: { type, url: req.path }, Id: record.Id } };
      if (req.method !== 'PATCH') return sfError(405, 'METHOD_NOT_ALLOWED', 'HTTP Method not allowed');
      const invalid = checkFields(type, req.json);
      if (invalid) return invalid;
      Object.assign(record.fields, req.json as Record<string, string>);
      return { status: 204 };
    }
    if (req.method !== 'POST') return sfError(405, 'METHOD_NOT_ALLOWED', 'HTTP Method not allowed');
    const invalid = checkFields(type, req.json);
    if (invalid) return invalid;
    const fields = req.json as Record<string, string>;
    const required = type === 'Note' ? ['ParentId', 'Title'] : type === 'Lead' ? ['LastName', 'Company'] : ['LastName'];
    const missing = required.filter((f) => !fields[f]);
    if (missing.length) return sfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, { fields: missing });
    if (type === 'Note' && !records.some((r) => r.Id === fields.ParentId && r.type !== 'Note'))
      return sfError(400, 'FIELD_INTEGRITY_EXCEPTION', 'Parent ID: id value of incorrect type', { fields: ['ParentId'] });
    if (options.duplicateRule && type !== 'Note') {
      const match = records.find((r) => r.type === type && r.fields.LastName === fields.LastName && r.fields.FirstName === fields.FirstName);
      if (match)
        return sfError(400, 'DUPLICATES_DETECTED', 'Use one of these records?', {
          duplicateResult: {
            allowSave: false,
            duplicateRule: 'Standard_Rule',
            matchResults: [{ entityType: type, matchRecords: [{ record: { attributes: { type }, Id: match.Id } }] }],
          },
        });
    }
    const record: SfRecord = {
      Id: `${PREFIX[type]}5g00000${String(records.length + 1).padStart(8, '0')}`,
      type,
      fields: { ...fields },
      createdAt: records.length,
    };
    records.push(record);
    if (faults.loseCreateAnswers > 0 && faults.loseCreateAnswers--) return { status: 504, body: 'Gateway Timeout' };
    return { status: 201, body: { id: record.Id, success: true, errors: [] } };
  });

  function checkFields(type: SfRecord['type'], body: unknown): Reply | undefined {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return sfError(400, 'JSON_PARSER_ERROR', 'The request body is not a JSON object');
    const unknown = Object.keys(body).filter((k) => !(FIELDS[type] as readonly string[]).includes(k));
    if (unknown.length) return sfError(400, 'INVALID_FIELD', `No such column '${unknown[0]}' on sobject of type ${type}`);
    return undefined;
  }

  function soql(q: string): Reply {
    const byEmail = /^SELECT Id FROM (Contact|Lead) WHERE Email = '((?:[^'\\]|\\.)*)'( AND IsConverted = false)? ORDER BY CreatedDate LIMIT 1$/.exec(q);
    const byNote = /^SELECT Id FROM Note WHERE ParentId = '((?:[^'\\]|\\.)*)' AND Title = '((?:[^'\\]|\\.)*)' LIMIT 1$/.exec(q);
    let found: SfRecord[];
    if (byEmail) found = records.filter((r) => r.type === byEmail[1] && r.fields.Email?.toLowerCase() === unquote(byEmail[2]!).toLowerCase()).slice(0, 1);
    else if (byNote)
      found = records.filter((r) => r.type === 'Note' && r.fields.ParentId === unquote(byNote[1]!) && r.fields.Title === unquote(byNote[2]!)).slice(0, 1);
    else return sfError(400, 'MALFORMED_QUERY', `unexpected token: ${q.slice(0, 60)}`);
    return {
      status: 200,
      body: {
        totalSize: found.length,
        done: true,
        records: found.map((r) => ({ attributes: { type: r.type, url: `/services/data/v62.0/sobjects/${r.type}/${r.Id}` }, Id: r.Id })),
      },
    };
  }

  return {
    ...server,
    records,
    faults,
    /** Every session ends, as the org's session timeout does. */
    expireSessions: () => tokens.clear(),
    people: (type: 'Contact' | 'Lead') => records.filter((r) => r.type === type),
    notes: () => records.filter((r) => r.type === 'Note'),
  };
}
