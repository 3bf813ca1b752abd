import { z } from 'zod';
import { ActionError, type ActionContext } from './action.ts';
import { checkHttpResponse, toActionError } from './errors.ts';

export interface JsonRequest {
  /** Shown in errors: "HubSpot answered 400: …". */
  destination: string;
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON when it is not a string. */
  body?: unknown;
  /** Statuses the caller handles itself (e.g. 404 "not there yet", 409 "already exists"). */
  expect?: number[];
  /** Plain-language text for a refusal, by status; the destination's own words follow it. */
  explain?: Partial<Record<number, string>>;
  /** Wait after a 429 without Retry-After (the destination's documented window). */
  rateLimitWaitMs?: number;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON, or undefined when empty. */
  body: unknown;
}

/**
 * One HTTP call from an action: ctx.services.fetch with the run's abort signal, the answer
 * classified by checkHttpResponse (5xx/408/429 transient, Retry-After honoured; other 4xx
 * permanent) and refusals explained in words an owner can act on. Never puts the URL in an
 * error: some APIs (Pipedrive) carry the token in it.
 */
export async function requestJson(ctx: Pick<ActionContext<unknown>, 'services' | 'signal'>, request: JsonRequest): Promise<JsonResponse> {
  const body = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  let response: Response;
  try {
    response = await ctx.services.fetch(request.url, {
      method: request.method ?? (body === undefined ? 'GET' : 'POST'),
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        'user-agent': 'Hooktray',
        ...request.headers,
      },
      ...(body !== undefined ? { body } : {}),
      signal: ctx.signal,
      redirect: 'error',
    });
  } catch (error) {
    throw toActionError(error);
  }
  if (response.ok || request.expect?.includes(response.status)) {
    return { status: response.status, headers: response.headers, body: await readBody(response) };
  }
  const copy = response.clone();
  try {
    await checkHttpResponse(response, request.destination);
  } catch (error) {
    throw await explainRefusal(error as ActionError, response.status, copy, request);
  }
  throw new ActionError('permanent', `${request.destination} answered ${response.status}.`);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function explainRefusal(error: ActionError, status: number, response: Response, request: JsonRequest): Promise<ActionError> {
  let retryAfterMs = error.retryAfterMs;
  if (status === 429 && retryAfterMs === undefined) {
    // Discord puts the wait in the body (seconds, fractional) as well as in Retry-After.
    const seconds = Number(((await readBody(response).catch(() => undefined)) as { retry_after?: unknown } | undefined)?.retry_after);
    retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : request.rateLimitWaitMs;
  }
  const hint = request.explain?.[status] ?? (status === 429 ? `${request.destination} asked us to slow down; Hooktray tries again when it allows.` : undefined);
  const message = hint ? `${hint} (${error.message})` : error.message;
  return new ActionError(error.kind, message, { ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), rateLimited: error.rateLimited, cause: error });
}

/** A base URL from settings without a trailing slash, so paths can be appended. */
export function baseUrl(configured: string | undefined, fallback: string): string {
  return (configured ?? fallback).replace(/\/+$/, '');
}

/** The optional `baseUrl` every API action takes (EU data centres, proxies, tests). */
export const baseUrlSetting = z.url({ protocol: /^https?$/, error: 'must be a web address starting with https:// (or http:// for a local proxy)' }).optional();

/** An incoming-webhook address a chat tool gave the owner. */
export const webhookUrlSetting = z.url({ protocol: /^https?$/, error: 'paste the whole webhook address, starting with https://' });
