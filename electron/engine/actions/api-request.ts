import { z } from 'zod';
import { ActionError, defineAction } from './action.ts';
import { requestJson } from './http-client.ts';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** Headers Hooktray sets itself: the owner's would break the request or its idempotency key. */
const OURS = new Set([
  'content-type',
  'content-length',
  'host',
  'x-hooktray-delivery',
  'x-hooktray-event',
  'x-hooktray-source',
  'x-hooktray-test',
  'transfer-encoding',
  'connection',
]);

/** "Name: value" lines (the window's text box) or an object (a settings file), as a checked object. */
const headerLines = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const lines = value
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    return Object.fromEntries(
      lines.map((line) => (line.includes(':') ? [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()] : [line, ''])),
    );
  },
  z.record(z.string(), z.string()).superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      const problem = !HEADER_NAME.test(name)
        ? `"${name.slice(0, 40)}" is not a header: write one per line as Name: value (letters, digits and dashes in the name)`
        : OURS.has(name.toLowerCase())
          ? `Hooktray sets ${name} itself: leave it out`
          : !value
            ? `give ${name} a value, written Name: value`
            : /[\r\n]/.test(value) || value.length > 4000
              ? `the value of ${name} must be one line`
              : undefined;
      if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
    }
  }),
);

export const apiRequestSettingsSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'give the API address, starting with https://' }),
    method: z.enum(['POST', 'PUT', 'PATCH'], { error: 'use POST, PUT or PATCH' }).default('POST'),
    /** The header the API reads its key from. */
    authHeader: z.string().trim().regex(HEADER_NAME, 'a header name is letters, digits and dashes, e.g. Authorization').default('Authorization'),
    /** Its value, e.g. "Bearer sk_…": a secret, sent only to `url`. */
    authValue: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .refine((v) => !/[\r\n]/.test(v), 'the key is one line')
      .optional(),
    headers: headerLines.optional(),
  })
  .refine((s) => !OURS.has(s.authHeader.toLowerCase()), {
    path: ['authHeader'],
    message: 'Hooktray sets this header itself; use the header the API reads its key from, e.g. Authorization',
  });

/**
 * "Any event → your API, in its format": the recipe's `body_json` template, rendered so that no
 * value can leave its place in the JSON (templates/json-template.ts), sent to the owner's API with
 * its key header. X-Hooktray-Delivery is the same on every attempt of one run, the idempotency key
 * an API can use to drop a retry it already took. Answers are followed like every action's:
 * 5xx, 408 and 429 (with Retry-After) are tried again, other refusals say what the API said.
 */
export const apiRequest = defineAction({
  id: 'api-request',
  title: 'Send the event to an API, in its format',
  settings: apiRequestSettingsSchema,
  async run(ctx) {
    const body = await ctx.render('body_json');
    if (body === undefined) throw new ActionError('permanent', 'This recipe has no body: write the JSON the API expects in the recipe’s "Body" field.');
    const deliveryId = `${ctx.services.installId}:${ctx.runId}`;
    const host = new URL(ctx.settings.url).host;
    const answer = await requestJson(ctx, {
      destination: host,
      method: ctx.settings.method,
      url: ctx.settings.url,
      headers: {
        ...ctx.settings.headers,
        ...(ctx.settings.authValue ? { [ctx.settings.authHeader]: ctx.settings.authValue } : {}),
        'x-hooktray-delivery': deliveryId,
        'x-hooktray-event': ctx.event.type,
        ...(ctx.test ? { 'x-hooktray-test': 'true' } : {}),
      },
      body,
      explain: {
        400: `${host} refused the body: compare the recipe’s Body with the JSON the API documentation asks for`,
        401: `${host} refused the key: check the key header and key in the recipe`,
        403: `${host} refused the key for this: check the key header and key in the recipe`,
        404: `Nothing answers at this address: check the API address in the recipe`,
        422: `${host} refused the values: compare the recipe’s Body with what the API documentation asks for`,
      },
      rateLimitWaitMs: 30_000,
    });
    return { detail: `sent to ${host} (${answer.status})` };
  },
});
