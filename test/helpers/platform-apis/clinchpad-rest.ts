import { contractApp, listen, rateLimitOnce } from './serve.ts';

/**
 * ClinchPad's API on loopback: Basic auth with the user name "api-key", `pipeline_id` required
 * on /leads, `page`/`size` paging (size defaults to 25) ending with an empty page, 429 past its
 * rate limit. `maxPageSize` makes the server give fewer leads than asked per page, as a server
 * is free to: only an empty page means the end.
 */
export async function startClinchPadRest(options: {
  apiKey: string;
  pipelines: { _id: string; name: string }[];
  leads: Record<string, { _id: string; name: string }[]>;
  rateLimitFirst?: boolean;
  maxPageSize?: number;
}) {
  const { app, requests } = contractApp();
  const limit = options.rateLimitFirst ? rateLimitOnce(1) : () => false;
  app.addHook('preHandler', async (req, reply) => {
    if (req.headers.authorization !== `Basic ${Buffer.from(`api-key:${options.apiKey}`).toString('base64')}`)
      return reply.code(401).send({ error: 'Unauthorized' });
  });
  app.get('/api/v1/pipelines', async () => options.pipelines);
  app.get('/api/v1/leads', async (req, reply) => {
    if (limit(reply)) return reply;
    const q = req.query as Record<string, string>;
    if (!q.pipeline_id) return reply.code(400).send({ error: 'pipeline_id is required' });
    const size = Math.min(Number(q.size ?? 25), options.maxPageSize ?? Infinity);
    const page = Number(q.page ?? 1);
    if (!Number.isInteger(size) || size < 1 || !Number.isInteger(page) || page < 1)
      return reply.code(400).send({ error: 'page and size must be positive integers' });
    return (options.leads[q.pipeline_id] ?? []).slice((page - 1) * size, page * size);
  });
  return { baseUrl: `${await listen(app)}/api/v1`, requests };
}
