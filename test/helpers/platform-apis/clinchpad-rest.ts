import { contractApp, listen, rateLimitOnce } from './serve.ts';

/**
 * ClinchPad's API on loopback: Basic auth with the user name "api-key", `pipeline_id` required
 * on /leads, `page`/`size` paging ending with an empty page, 429 past its rate limit.
 */
export async function startClinchPadRest(options: { apiKey: string; pipelines: { _id: string; name: string }[]; leads: Record<string, { _id: string; name: string }[]>; rateLimitFirst?: boolean }) {
  const { app, requests } = contractApp();
  const limit = options.rateLimitFirst ? rateLimitOnce(1) : () => false;
  app.addHook('preHandler', async (req, reply) => {
    if (req.headers.authorization !== `Basic ${Buffer.from(`api-key:${options.apiKey}`).toString('base64')}`) return reply.code(401).send({ error: 'Unauthorized' });
  });
  app.get('/api/v1/pipelines', async () => options.pipelines);
  app.get('/api/v1/leads', async (req, reply) => {
    if (limit(reply)) return reply;
    const q = req.query as Record<string, string>;
    if (!q.pipeline_id) return reply.code(400).send({ error: 'pipeline_id is required' });
    const size = Number(q.size ?? 25);
    const page = Number(q.page ?? 1);
    return (options.leads[q.pipeline_id] ?? []).slice((page - 1) * size, page * size);
  });
  return { baseUrl: `${await listen(app)}/api/v1`, requests };
}
