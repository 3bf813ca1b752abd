import { startContractServer, type Recorded, type Reply } from './contract-server.ts';

export const ROWS_API_KEY = 'Bearer bi_live_5f9a1c2e7b3d';

/**
 * A BI tool's ingestion API of the kind owners point "Any event → your API" at: `POST /v1/rows`
 * with `Authorization: Bearer …` and a JSON body `{"rows": [[…], …]}` (each row a list of
 * strings, numbers or null; 400 otherwise); it honours an idempotency key header
 * (X-Hooktray-Delivery here): the same key again returns the first answer and adds nothing.
 */
export async function startRowsApi() {
  const rows: unknown[][] = [];
  const seen = new Map<string, Reply>();
  const server = await startContractServer((req: Recorded): Reply => {
    if (req.method !== 'POST' || req.path !== '/v1/rows') return { status: 404, body: { error: 'not_found' } };
    if (req.headers.authorization !== ROWS_API_KEY) return { status: 401, body: { error: 'invalid_api_key' } };
    if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return { status: 415, body: { error: 'expected application/json' } };
    const key = String(req.headers['x-hooktray-delivery'] ?? '');
    const earlier = seen.get(key);
    if (key && earlier) return earlier;
    const body = req.json as { rows?: unknown } | undefined;
    const valid =
      Array.isArray(body?.rows) &&
      body.rows.every((row) => Array.isArray(row) && row.every((cell) => cell === null || ['string', 'number'].includes(typeof cell)));
    if (!valid) return { status: 400, body: { error: 'rows must be a list of lists of strings, numbers or null' } };
    rows.push(...(body!.rows as unknown[][]));
    const reply: Reply = { status: 201, body: { inserted: (body!.rows as unknown[]).length } };
    if (key) seen.set(key, reply);
    return reply;
  });
  return Object.assign(server, { rows, rowsUrl: `${server.url}/v1/rows` });
}
