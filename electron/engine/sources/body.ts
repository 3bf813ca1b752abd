import { describeShapeProblem, payloadShapeProblem } from '../../../shared/payload-limits.ts';
import type { BodyFormat } from './source.ts';

export type ParsedBody = { ok: true; payload: unknown } | { ok: false; code: 'malformed_body' | 'body_too_deep' | 'body_too_many_values'; message: string };

const FORM = 'application/x-www-form-urlencoded';

function isJson(contentType: string): boolean {
  return contentType === 'application/json' || contentType.endsWith('+json');
}

/**
 * Parses a webhook body by what the platform sends, with errors an owner can act on. A JSON
 * source's body is read as JSON whatever its Content-Type says (some platforms, ClinchPad among
 * them, are not documented to send application/json); only a body that is not JSON is refused.
 * Form bodies are read as forms where the platform sends them (Mailchimp, a generic app).
 */
export function parseBody(raw: Buffer, contentType: string, format: BodyFormat, platform: string): ParsedBody {
  const parsed = parseAs(raw, contentType, format, platform);
  if (!parsed.ok) return parsed;
  // Every source, signed or not: the shape is checked before anything is stored or verified.
  const problem = payloadShapeProblem(parsed.payload);
  if (!problem) return parsed;
  return {
    ok: false,
    code: problem.limit === 'depth' ? 'body_too_deep' : 'body_too_many_values',
    message: `${describeShapeProblem(problem, platform)} Nothing was stored.`,
  };
}

function parseAs(raw: Buffer, contentType: string, format: BodyFormat, platform: string): ParsedBody {
  const received = contentType ? `sent as ${contentType}` : 'sent without a Content-Type';
  if (raw.length === 0)
    return { ok: false, code: 'malformed_body', message: `The request body is empty (${received}); ${platform} always sends the event in the body.` };
  const form = contentType === FORM;
  if (format === 'form') {
    if (form || contentType === '') return { ok: true, payload: parseForm(raw.toString('utf8')) };
    return {
      ok: false,
      code: 'malformed_body',
      message: `${platform} sends form fields (${FORM}), but this request was ${received}. Check that the address belongs to ${platform}.`,
    };
  }
  if (format === 'json-or-form' && form) return { ok: true, payload: parseForm(raw.toString('utf8')) };
  try {
    return { ok: true, payload: JSON.parse(raw.toString('utf8')) as unknown };
  } catch (error) {
    const expected = format === 'json' ? 'JSON' : `JSON or form fields (${FORM})`;
    const hint = format === 'json' && !isJson(contentType) ? ` Check the webhook's format setting on ${platform} (JSON).` : '';
    return {
      ok: false,
      code: 'malformed_body',
      message: `${platform} sends ${expected}, but this body (${received}) is not valid JSON: ${(error as Error).message}.${hint}`,
    };
  }
}

/**
 * Form bodies with PHP-style brackets (`data[merges][EMAIL]=…`, as Mailchimp and WordPress
 * send them) become nested objects. `a[]=1&a[]=2` becomes an array. Keys that would reach
 * Object.prototype are dropped.
 */
export function parseForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [fullKey, value] of new URLSearchParams(text)) {
    const parts = fullKey.split(/\[|\]\[|\]/).filter((part, i, all) => part !== '' || (i > 0 && i === all.length - 2));
    if (parts.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) continue;
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const key = part === '' && Array.isArray(node) ? node.length : part;
      if (last) {
        (node as Record<string | number, unknown>)[key] = value;
        return;
      }
      const nextIsPush = parts[i + 1] === '';
      let child = (node as Record<string | number, unknown>)[key];
      if (child === null || typeof child !== 'object') {
        child = nextIsPush ? [] : (Object.create(null) as Record<string, unknown>);
        (node as Record<string | number, unknown>)[key] = child;
      }
      node = child as Record<string, unknown> | unknown[];
    });
  }
  return root;
}
