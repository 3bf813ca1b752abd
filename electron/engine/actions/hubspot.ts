import { z } from 'zod';
import { ActionError, defineAction } from './action.ts';
import { baseUrl, baseUrlSetting, requestJson, type JsonRequest } from './http-client.ts';
import { contactOf } from './person-fields.ts';

export const hubspotSettingsSchema = z.strictObject({
  token: z
    .string({ error: 'paste the access token of your HubSpot private app (it starts with "pat-")' })
    .trim()
    .min(10, 'this is too short for a HubSpot private app token (it starts with "pat-")'),
  baseUrl: baseUrlSetting,
});

const EXPLAIN = {
  400: 'HubSpot refused the contact data (a property may not exist in your account)',
  401: 'HubSpot refused the token: in HubSpot open Settings → Integrations → Private apps, create an app with the crm.objects.contacts.write scope and paste its access token',
  403: 'HubSpot says the token may not write contacts: give the private app the crm.objects.contacts.write scope',
};

/**
 * Creates or updates a HubSpot contact by email: never a second contact for the same person,
 * however often the run is retried or the event delivered. Update first (PATCH by email,
 * 404 if nobody has it), then create; a create that loses a race answers 409 with the existing
 * id in its message, and that contact is updated instead. The search API is not used: its index
 * lags, so search-then-create duplicates.
 */
export const hubspot = defineAction({
  id: 'hubspot',
  title: 'Create or update a HubSpot contact',
  settings: hubspotSettingsSchema,
  async run(ctx) {
    const contact = contactOf(ctx.event, 'HubSpot');
    const properties = Object.fromEntries(
      Object.entries({ email: contact.email, firstname: contact.firstName, lastname: contact.lastName, phone: contact.phone, company: contact.company }).filter(
        ([, v]) => v,
      ),
    );
    const api = `${baseUrl(ctx.settings.baseUrl, 'https://api.hubapi.com')}/crm/v3/objects/contacts`;
    const call = (request: Omit<JsonRequest, 'destination' | 'explain' | 'headers' | 'rateLimitWaitMs'>) =>
      requestJson(ctx, {
        destination: 'HubSpot',
        headers: { authorization: `Bearer ${ctx.settings.token}` },
        explain: EXPLAIN,
        rateLimitWaitMs: 10_000,
        ...request,
      });

    const updated = await call({ method: 'PATCH', url: `${api}/${encodeURIComponent(contact.email)}?idProperty=email`, body: { properties }, expect: [404] });
    if (updated.status !== 404) return { detail: `HubSpot contact ${idOf(updated.body)} updated (${contact.email})` };

    const created = await call({ method: 'POST', url: api, body: { properties }, expect: [409] });
    if (created.status !== 409) return { detail: `HubSpot contact ${idOf(created.body)} created (${contact.email})` };

    const existing = /Existing ID:\s*(\d+)/i.exec(String((created.body as { message?: unknown } | undefined)?.message ?? ''))?.[1];
    if (!existing) throw new ActionError('transient', `HubSpot says ${contact.email} already exists but did not say which contact; trying again.`);
    const merged = await call({ method: 'PATCH', url: `${api}/${existing}`, body: { properties } });
    return { detail: `HubSpot contact ${idOf(merged.body) ?? existing} updated (${contact.email})` };
  },
});

function idOf(body: unknown): string | undefined {
  const id = (body as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
