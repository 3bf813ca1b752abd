import { parseRetryAfter } from '../actions/errors.ts';

/**
 * A catch-up or guard failure in plain words. Transient ones (network, 5xx, a rate limit that
 * did not end) are retried on a timer; the rest wait for the owner to change something.
 */
export class CatchUpError extends Error {
  override readonly name = 'CatchUpError';
  readonly transient: boolean;
  constructor(message: string, options: { transient?: boolean } = {}) {
    super(message);
    this.transient = options.transient ?? false;
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
    if (response.status === 401 || response.status === 403) throw new CatchUpError(`${options.platform} refused the API credentials (${response.status}). ${options.whenRefused}`);
    if (!response.ok) {
      const transient = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new CatchUpError(`${options.platform} answered ${response.status}: ${(await response.text()).slice(0, 200)}`, { transient });
    }
    return response;
  }
}
