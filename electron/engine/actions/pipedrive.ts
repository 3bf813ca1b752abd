import { z } from 'zod';
import { ActionError, defineAction } from './action.ts';
import { baseUrl, baseUrlSetting, requestJson } from './http-client.ts';
import { contactOf } from './person-fields.ts';

export const pipedriveSettingsSchema = z.strictObject({
  token: z.string({ error: 'paste your Pipedrive API token (Pipedrive → Personal preferences → API)' }).trim().min(20, 'this is too short for a Pipedrive API token (Pipedrive → Personal preferences → API)'),
  /** Pipedrive user who owns new persons; the token's user when absent. */
  ownerId: z.number().int().positive().optional(),
  baseUrl: baseUrlSetting,
});

const EXPLAIN = {
  401: 'Pipedrive refused the API token: copy it again from Pipedrive → Personal preferences → API (a regenerated token replaces the old one)',
  403: "Pipedrive refused the request for this account (plan limit or missing permission); check the account's plan and the user's rights",
};

/**
 * Persons created by this process lately, by email: Pipedrive's search index lags behind a
 * create by seconds, so two events about one person close together would both miss the search.
 */
const recentlyCreated = new Map<string, { id: string; at: number }>();
const REMEMBER_MS = 10 * 60_000;

/**
 * Finds a Pipedrive person by exact email, else creates one. An existing person is left as the
 * team edited it. Pipedrive itself allows duplicates, so this lookup is the only guard.
 */
export const pipedrive = defineAction({
  id: 'pipedrive',
  title: 'Find or create a Pipedrive person',
  settings: pipedriveSettingsSchema,
  async run(ctx) {
    const contact = contactOf(ctx.event, 'Pipedrive');
    const api = `${baseUrl(ctx.settings.baseUrl, 'https://api.pipedrive.com')}/v1`;
    const auth = `api_token=${encodeURIComponent(ctx.settings.token)}`;
    const cacheKey = `${api} ${contact.email}`;
    const remembered = recentlyCreated.get(cacheKey);
    if (remembered && Date.now() - remembered.at < REMEMBER_MS) return { detail: `Pipedrive person ${remembered.id} already there (${contact.email})` };

    const query = new URLSearchParams({ term: contact.email, fields: 'email', exact_match: 'true', limit: '1' });
    const found = await requestJson(ctx, { destination: 'Pipedrive', url: `${api}/persons/search?${query}&${auth}`, explain: EXPLAIN, rateLimitWaitMs: 2_000 });
    const item = (found.body as { data?: { items?: { item?: { id?: unknown } }[] } } | undefined)?.data?.items?.[0]?.item;
    if (item?.id !== undefined) return { detail: `Pipedrive person ${String(item.id)} already there (${contact.email})` };

    const created = await requestJson(ctx, {
      destination: 'Pipedrive',
      method: 'POST',
      url: `${api}/persons?${auth}`,
      body: {
        name: contact.name,
        email: [{ value: contact.email, primary: true, label: 'work' }],
        ...(contact.phone ? { phone: [{ value: contact.phone, primary: true, label: 'work' }] } : {}),
        ...(ctx.settings.ownerId ? { owner_id: ctx.settings.ownerId } : {}),
      },
      explain: EXPLAIN,
      rateLimitWaitMs: 2_000,
    });
    const id = (created.body as { data?: { id?: unknown } } | undefined)?.data?.id;
    if (id === undefined) throw new ActionError('transient', 'Pipedrive answered without the new person’s id; checking again on the next attempt.');
    recentlyCreated.set(cacheKey, { id: String(id), at: Date.now() });
    return { detail: `Pipedrive person ${String(id)} created (${contact.email})` };
  },
});
