import type { FieldIssue } from './field-issues.ts';

/**
 * Errors are data: every refusal that crosses a process or network boundary carries one of
 * these codes plus a sentence an owner understands. Raw exceptions never cross.
 */
export const ERROR_STATUS = {
  unknown_source: 404,
  wrong_token: 404,
  no_secret: 401,
  missing_signature: 401,
  bad_signature: 401,
  stale_timestamp: 401,
  malformed_body: 400,
  body_too_large: 413,
  /** Objects and arrays nested past PAYLOAD_LIMITS.depth (shared/payload-limits.ts). */
  body_too_deep: 400,
  /** More values than PAYLOAD_LIMITS.values in one body. */
  body_too_many_values: 413,
  throttled: 429,
  storage_unavailable: 503,
  /** We could not check a signature right now (the platform's verification API is down): retry. */
  verification_unavailable: 503,
  not_found: 404,
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  /** A refused value, per field, for the window to show where it was typed. */
  fields?: FieldIssue[];
}

export class HooktrayError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldIssue[] | undefined;
  constructor(code: ErrorCode, message: string, fields?: FieldIssue[]) {
    super(message);
    this.name = 'HooktrayError';
    this.code = code;
    this.fields = fields?.length ? fields : undefined;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
  toBody(): ErrorBody {
    return { error: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) };
  }
}

/** What the window is told when something failed inside Hooktray: where the details are, so the owner (or whoever helps them) can look. */
export function internalErrorBody(logFile?: string): ErrorBody {
  return { error: 'internal', message: `Hooktray hit an internal error; the details are in its log${logFile ? ` (${logFile})` : ''}.` };
}
