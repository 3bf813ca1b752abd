import { startContractServer, type Recorded, type Reply } from './contract-server.ts';

export const PIPEDRIVE_TOKEN = '0123456789abcdef0123456789abcdef01234567';

interface Person {
  id: number;
  name: string;
  emails: string[];
  phones: string[];
  createdAt: number;
  /** Deleted in Pipedrive: gone from search, and GET by id shows active_flag false. */
  deleted?: boolean;
}

const unauthorized: Reply = {
  status: 401,
  body: { success: false, error: 'unauthorized access', errorCode: 401, error_info: 'Please check developers.pipedrive.com' },
};
const bad = (error: string): Reply => ({ status: 400, body: { success: false, error, errorCode: 400 } });

/**
 * Pipedrive's v1 persons API as documented: `api_token` query parameter, exact email search
 * (`/v1/persons/search?term=…&fields=email&exact_match=true`), create with a required name and
 * email as [{value, primary, label}] (or a plain string). Like the real one it happily stores
 * duplicates, and its search index can lag behind creates (`searchLagMs`) until it catches up
 * (`indexNow()`: the test says when, so no machine is too slow or too fast for the lag).
 * `GET /v1/persons/{id}` answers at once (no lag), a deleted person with `active_flag: false`.
 * `faults.loseCreateAnswers`: the next n creates store the person but the answer is lost (504,
 * as a gateway that timed out says), so the caller cannot know it worked.
 */
export async function startPipedrive(options: { searchLagMs?: number } = {}) {
  const persons: Person[] = [];
  const faults = { loseCreateAnswers: 0 };
  const server = await startContractServer((req: Recorded): Reply => {
    if (req.query.get('api_token') !== PIPEDRIVE_TOKEN) return unauthorized;
    if (req.method === 'GET' && req.path === '/v1/persons/search') {
      const term = req.query.get('term') ?? '';
      if (term.length < 2) return bad('term must be at least 2 characters');
      const fields = (req.query.get('fields') ?? 'custom_fields,email,notes,phone,name').split(',');
      if (fields.some((f) => !['custom_fields', 'email', 'notes', 'phone', 'name'].includes(f))) return bad('fields has an unknown value');
      const exact = req.query.get('exact_match') === 'true';
      const visible = persons.filter((p) => !p.deleted && Date.now() - p.createdAt >= (options.searchLagMs ?? 0));
      const hits = visible.filter(
        (p) =>
          fields.includes('email') && p.emails.some((e) => (exact ? e.toLowerCase() === term.toLowerCase() : e.toLowerCase().includes(term.toLowerCase()))),
      );
      return {
        status: 200,
        body: {
          success: true,
          data: { items: hits.map((p) => ({ result_score: 1, item: { id: p.id, type: 'person', name: p.name, emails: p.emails, phones: p.phones } })) },
          additional_data: { pagination: { start: 0, limit: 100, more_items_in_collection: false } },
        },
      };
    }
    const byId = /^\/v1\/persons\/(\d+)$/.exec(req.path);
    if (req.method === 'GET' && byId) {
      const person = persons.find((p) => p.id === Number(byId[1]));
      if (!person) return { status: 404, body: { success: false, error: 'Person not found', errorCode: 404 } };
      return {
        status: 200,
        body: {
          success: true,
          data: { id: person.id, name: person.name, active_flag: !person.deleted, email: person.emails.map((value) => ({ value, primary: true })) },
        },
      };
    }
    if (req.method === 'POST' && req.path === '/v1/persons') {
      if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return bad('Content-Type must be application/json');
      const body = req.json as { name?: unknown; email?: unknown; phone?: unknown; owner_id?: unknown } | undefined;
      if (typeof body?.name !== 'string' || !body.name.trim()) return bad('Name must be given.');
      const values = (v: unknown): string[] | undefined => {
        if (v === undefined) return [];
        if (typeof v === 'string') return [v];
        if (Array.isArray(v) && v.every((x) => typeof (x as { value?: unknown }).value === 'string')) return v.map((x) => (x as { value: string }).value);
        return undefined;
      };
      const emails = values(body.email);
      const phones = values(body.phone);
      if (!emails || !phones) return bad('email and phone must be strings or arrays of {value, primary, label}');
      if (body.owner_id !== undefined && !Number.isInteger(body.owner_id)) return bad('owner_id must be an integer');
      const person = { id: 100 + persons.length, name: body.name, emails, phones, createdAt: Date.now() };
      persons.push(person);
      if (faults.loseCreateAnswers > 0 && faults.loseCreateAnswers--) return { status: 504, body: '<html><body><h1>504 Gateway Time-out</h1></body></html>' };
      return { status: 201, body: { success: true, data: { id: person.id, name: person.name, email: emails.map((value) => ({ value, primary: true })) } } };
    }
    return { status: 404, body: { success: false, error: 'Unknown method .', errorCode: 404 } };
  });
  /** The search index catches up: every person created so far is found from now on. */
  const indexNow = () => {
    for (const p of persons) p.createdAt = -Infinity;
  };
  return { ...server, persons, faults, indexNow };
}
