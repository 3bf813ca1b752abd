import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { apiFetch, CatchUpError } from '../../electron/engine/catchup/api-fetch.ts';
import { listen } from '../helpers/platform-apis/serve.ts';

const options = { fetch, platform: 'Example', whenRefused: 'Check the key in Hooktray → Settings → Example.', sleep: async () => {} };

/** A loopback API answering every request with `status`. */
async function answering(status: number, body: string, contentType = 'application/json') {
  const app = Fastify();
  app.all('/*', async (_req, reply) => reply.code(status).header('content-type', contentType).send(body));
  return listen(app);
}

async function failure(promise: Promise<unknown>): Promise<CatchUpError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CatchUpError);
  return error as CatchUpError;
}

describe('apiFetch', () => {
  it('gives the HTTP status with the error, so callers need not read the message', async () => {
    for (const [status, transient] of [[401, false], [403, false], [404, false], [503, true]] as const) {
      const error = await failure(apiFetch(`${await answering(status, '{"error":"no"}')}/x`, {}, { ...options, maxRetries: 0 }));
      expect(error).toMatchObject({ status, transient });
    }
  });

  it('has no status when the platform could not be reached', async () => {
    const error = await failure(apiFetch('http://127.0.0.1:1/x', {}, options));
    expect(error.transient).toBe(true);
    expect(error.status).toBeUndefined();
  });
});
