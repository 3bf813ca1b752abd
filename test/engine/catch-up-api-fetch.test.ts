import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { apiFetch, apiJson, CatchUpError } from '../../electron/engine/catchup/api-fetch.ts';
import { listen } from '../helpers/platform-apis/serve.ts';

const options = { fetch, platform: 'Example', whenRefused: 'Check the key in Hooktray → Settings → Example.', sleep: async () => {} };

/** A loopback API answering every request with `status`. */
async function answering(status: number, body: string, contentType = 'application/json') {
  const app = Fastify();
  app.all('/*', async (_req, reply) => reply.code(status).header('content-type', contentType).send(body));
  return listen(app);
}

async function failure(promise: Promise<unknown>): Promise<CatchUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CatchUpError);
  return error as CatchUpError;
}

describe('apiFetch', () => {
  it('gives the HTTP status with the error, so callers need not read the message', async () => {
    for (const [status, transient] of [
      [401, false],
      [403, false],
      [404, false],
      [503, true],
    ] as const) {
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

describe('readJson', () => {
  const page = '<!DOCTYPE html>\n<html><head><title>Berg Bakery</title></head><body>Welcome to our shop</body></html>';

  it('names the platform, what came back and what to check when the answer is a web page, and is not transient', async () => {
    const base = await answering(200, page, 'text/html; charset=UTF-8');
    const error = await failure(apiJson(`${base}/x`, {}, { ...options, whenNotJson: 'Check the shop address in Hooktray → Settings → Example.' }));
    expect(error.message).toBe(
      'Example answered 200 with text/html ("<!DOCTYPE html> <html><head><title>Berg Bakery</title></head…") instead of its API\'s JSON, so the address Hooktray asked is not Example\'s API. Check the shop address in Hooktray → Settings → Example.',
    );
    expect(error).toMatchObject({ transient: false, status: 200 });
  });

  it("says so for an empty body, and by default points at the platform's settings", async () => {
    const error = await failure(apiJson(`${await answering(200, '', 'text/plain')}/x`, {}, options));
    expect(error.message).toBe(
      "Example answered 200 with text/plain and an empty body instead of its API's JSON, so the address Hooktray asked is not Example's API. Check the Example settings in Hooktray → Settings → Example.",
    );
  });

  it('reads JSON whatever content type it came with', async () => {
    expect(await apiJson(`${await answering(200, '[{"id":1}]', 'text/html')}/x`, {}, options)).toEqual([{ id: 1 }]);
  });
});
