import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { defineAction } from './action.ts';
import { requestJson } from './http-client.ts';

export const httpForwardSettingsSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be a web address starting with https://' }),
  /** "event": Hooktray's normalised event (same shape for every platform); "raw": the platform's own payload. */
  payload: z.enum(['event', 'raw']).default('event'),
  /** Signs every request (X-Hooktray-Signature) so the receiver can check it came from us. */
  secret: z.string().min(16, 'use at least 16 characters, e.g. a random password').optional(),
  /** Extra headers, e.g. an Authorization the receiver wants. */
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'header names use letters, digits and dashes'), z.string()).optional(),
});

/** Stripe-style signature: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signBody(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}

/**
 * POSTs the event as JSON to any address. X-Hooktray-Delivery is the same on every attempt of
 * one run, so a receiver can drop a retry it already handled; with a secret, the body is signed
 * (see README "HTTP forward" for how to verify).
 */
export const httpForward = defineAction({
  id: 'http-forward',
  title: 'Send the event to a web address',
  settings: httpForwardSettingsSchema,
  async run(ctx) {
    const { event } = ctx;
    const idempotencyKey = `${ctx.services.installId}:${ctx.runId}`;
    const body = JSON.stringify(
      ctx.settings.payload === 'raw'
        ? event.data
        : {
            id: idempotencyKey,
            type: event.type,
            source: event.source,
            platformEvent: event.platformEvent,
            key: event.key,
            occurredAt: event.occurredAt,
            summary: event.summary,
            ...(event.person ? { person: event.person } : {}),
            ...(event.order ? { order: event.order } : {}),
            ...(event.link ? { link: event.link } : {}),
            test: ctx.test,
            data: event.data,
          },
    );
    const headers: Record<string, string> = {
      ...ctx.settings.headers,
      'x-hooktray-event': event.type,
      'x-hooktray-source': event.source,
      'x-hooktray-delivery': idempotencyKey,
      ...(ctx.test ? { 'x-hooktray-test': 'true' } : {}),
    };
    if (ctx.settings.secret) headers['x-hooktray-signature'] = signBody(ctx.settings.secret, body, Math.floor(Date.now() / 1000));
    const answer = await requestJson(ctx, {
      destination: new URL(ctx.settings.url).host,
      method: 'POST',
      url: ctx.settings.url,
      headers,
      body,
      explain: {
        401: 'The receiver refused us: check the secret or the Authorization header in the recipe settings',
        403: 'The receiver refused us: check the secret or the Authorization header in the recipe settings',
        404: 'Nothing answers at this address: check the URL in the recipe settings',
      },
    });
    return { detail: `forwarded to ${new URL(ctx.settings.url).host} (${answer.status})` };
  },
});
