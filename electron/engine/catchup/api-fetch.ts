import { parseRetryAfter } from '../actions/errors.ts';

/**
 * A catch-up or guard failure in plain words. Transient ones (network, 5xx, a rate limit that
 * did not end) are retried on a timer; the rest wait for the owner to change something.
 */
export class CatchUpError extends Error {
  override readonly name = 'CatchUpError';
  readonly transient: boolean;
  /** The HTTP status the platform answered, when the failure was an answer (401, 503…). */
  readonly status?: number;
  constructor(message: string, options: { transient?: boolean; status?: number } = {}) {
    super(message);
    this.transient = options.transient ?? false;
    if (options.status !== undefined) this.status = options.status;
  }
}

export interface ApiFetchOptions {
  fetch: typeof fetch;
  /** Used in messages: "Shopify", "WooCommerce"… */
  platform: string;
  /** What to tell the owner when the credentials are refused. */
  whenRefused: string;
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/**
 * One API request for catch-up or the subscription guard: honours 429 + Retry-After (a
 * platform's rate limit is a pause, not a failure), turns refusals into plain words.
 */
export async function apiFetch(url: string, init: RequestInit, options: ApiFetchOptions): Promise<Response> {
  const { maxRetries = 4, sleep = sleepFor } = options;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await options.fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new CatchUpError(`Could not reach ${options.platform} (${(error as Error).message}).`, { transient: true });
    }
    if (response.status === 429 && attempt < maxRetries) {
      await response.body?.cancel();
      await sleep(Math.min(parseRetryAfter(response.headers.get('retry-after')) ?? 2 ** attempt * 1000, 60_000));
      continue;
    }
    const { status } = response;
    if (status === 401 || status === 403) {
      await response.body?.cancel();
      throw new CatchUpError(`${options.platform} refused the API credentials (${status}). ${options.whenRefused}`, { status });
    }
    if (!response.ok) {
      const transient = status >= 500 || status === 429 || status === 408;
      throw new CatchUpError(`${options.platform} answered ${status}: ${(await response.text()).slice(0, 200)}`, { transient, status });
    }
    return response;
  }
}
