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
  /**
   * What to tell the owner when the answer is not the API's JSON (a wrong shop address answers
   * with a web page); by default to check the platform's settings.
   */
  whenNotJson?: string;
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

/**
 * The JSON body of an API answer. Anything else (a web page from a wrong shop address, a login
 * or parking page) is not the platform's API and will not get better by retrying: a non-transient
 * error naming what came back and what to check, rather than the JSON parser's own message.
 */
export async function readJson(response: Response, options: Pick<ApiFetchOptions, 'platform' | 'whenNotJson'>): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const type = response.headers.get('content-type')?.split(';')[0]?.trim() || 'no content type';
    const start = text.replace(/\s+/g, ' ').trim().slice(0, 60);
    throw new CatchUpError(
      `${options.platform} answered ${response.status} with ${type}${start ? ` ("${start}${text.length > 60 ? '…' : ''}")` : ' and an empty body'} instead of its API's JSON, so the address Hooktray asked is not ${options.platform}'s API. ${options.whenNotJson ?? `Check the ${options.platform} settings in Hooktray → Settings → ${options.platform}.`}`,
      { status: response.status },
    );
  }
}

/** apiFetch, then readJson. */
export async function apiJson(url: string, init: RequestInit, options: ApiFetchOptions): Promise<unknown> {
  return readJson(await apiFetch(url, init, options), options);
}
