import { ActionError } from './action.ts';

/** Network-level failures: the destination may be fine a minute from now. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  // nodemailer
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'EPROTOCOL',
]);

/** Turns whatever an action threw into an ActionError: the runner only deals with those. */
export function toActionError(error: unknown): ActionError {
  if (error instanceof ActionError) return error;
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string; cause?: { code?: string } } | undefined;
  const message = e?.message ?? String(error);
  const code = e?.code ?? e?.cause?.code;
  if (typeof e?.responseCode === 'number') {
    // SMTP: 4xx is "try again later", 5xx is a refusal that will repeat. A 4xx that is a sending
    // limit (Gmail's 421 4.7.0, "450 4.7.1 … rate limited") is a wait, like HTTP 429, not a failure.
    const rateLimited = e.responseCode < 500 && smtpRateLimit(`${e.response ?? ''} ${message}`);
    return new ActionError(e.responseCode < 500 ? 'transient' : 'permanent', `The mail server answered ${e.responseCode}: ${message}`, {
      rateLimited,
      cause: error,
    });
  }
  if (code === 'EAUTH' || code === 'ENOAUTH') {
    return new ActionError('permanent', `The mail server refused the user name or password (${message}). Check Settings → Email.`, { cause: error });
  }
  if (code === 'ETLS' || code === 'EREQUIRETLS') {
    return new ActionError('permanent', `Could not start an encrypted connection to the mail server (${message}). Check the port and the "secure" setting.`, {
      cause: error,
    });
  }
  if ((code && NETWORK_CODES.has(code)) || (error instanceof TypeError && message === 'fetch failed')) {
    return new ActionError('transient', `Could not reach the destination (${code ?? message}).`, { cause: error });
  }
  if ((error as Error)?.name === 'AbortError' || (error as Error)?.name === 'TimeoutError') {
    return new ActionError('transient', 'The destination did not answer in time.', { cause: error });
  }
  return new ActionError('permanent', message, { cause: error });
}

/** An SMTP reply that says "too much, slow down": enhanced status 4.7.x, or its words. */
function smtpRateLimit(reply: string): boolean {
  return /\b4\.7\.\d{1,3}\b/.test(reply) || /rate.?limit|too many|slow down/i.test(reply);
}

/** Retry-After as seconds or an HTTP date, in ms from now; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Classifies an HTTP answer from a destination API: 2xx passes, the rest becomes an ActionError. */
export async function checkHttpResponse(response: Response, destination: string): Promise<Response> {
  if (response.ok) return response;
  const text = (await response.text().catch(() => '')).slice(0, 300);
  const what = `${destination} answered ${response.status}${text ? `: ${text}` : ''}`;
  const transient = response.status >= 500 || response.status === 408 || response.status === 429;
  return Promise.reject(
    new ActionError(transient ? 'transient' : 'permanent', what, {
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      rateLimited: response.status === 429,
    }),
  );
}
