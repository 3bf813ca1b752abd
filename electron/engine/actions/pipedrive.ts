import { z } from 'zod';
import { ActionError, defineAction } from './action.ts';
import { baseUrl, baseUrlSetting, requestJson } from './http-client.ts';
import { contactOf } from './person-fields.ts';
import { RunMemo } from './run-memo.ts';

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

/** After a create whose answer was lost, this many looks (waiting longer each time) before creating again. */
export const PIPEDRIVE_LAG_CHECKS = 3;
const LAG_WAIT_MS = 20_000;

/** What one run already did, kept in <data-dir>/action-state/ so it survives a restart. */
type PipedriveMemo = { person: string; createSentAt: string; lagChecks: string };

/**
 * Finds a Pipedrive person by exact email, else creates one. An existing person is left as the
 * team edited it. Pipedrive itself allows duplicates, so this lookup is the only guard, and its
 * search index lags behind creates. So "create sent" is written to the run's memo before the
 * create goes out: when its answer is lost (504, timeout) and the retry's search finds nobody,
 * that is taken for index lag and looked at again a few times, later each time, before the
 * person is created again. A refusal (4xx, 429) means nothing was created and clears the mark.
 */
export const pipedrive = defineAction({
  id: 'pipedrive',
  title: 'Find or create a Pipedrive person',
  settings: pipedriveSettingsSchema,
  async run(ctx) {
    const contact = contactOf(ctx.event, 'Pipedrive');
    const api = `${baseUrl(ctx.settings.baseUrl, 'https://api.pipedrive.com')}/v1`;
    const auth = `api_token=${encodeURIComponent(ctx.settings.token)}`;
    const memo = new RunMemo<PipedriveMemo>(ctx.services.dataDir, 'pipedrive', ctx.runId, ctx.services.installId);
    const done = memo.get('person');
    if (done) return { detail: `Pipedrive person ${done} already there (${contact.email})` };
    const cacheKey = `${api} ${contact.email}`;
    const remembered = recentlyCreated.get(cacheKey);
    if (remembered && Date.now() - remembered.at < REMEMBER_MS) return { detail: `Pipedrive person ${remembered.id} already there (${contact.email})` };

    const query = new URLSearchParams({ term: contact.email, fields: 'email', exact_match: 'true', limit: '1' });
    const found = await requestJson(ctx, { destination: 'Pipedrive', url: `${api}/persons/search?${query}&${auth}`, explain: EXPLAIN, rateLimitWaitMs: 2_000 });
    const item = (found.body as { data?: { items?: { item?: { id?: unknown } }[] } } | undefined)?.data?.items?.[0]?.item;
    if (item?.id !== undefined) {
      memo.set('person', String(item.id));
      return { detail: `Pipedrive person ${String(item.id)} already there (${contact.email})` };
    }

    if (memo.get('createSentAt')) {
      const checks = Number(memo.get('lagChecks') ?? 0);
      if (checks < PIPEDRIVE_LAG_CHECKS) {
        memo.set('lagChecks', String(checks + 1));
        throw new ActionError(
          'transient',
          `An earlier attempt asked Pipedrive to create ${contact.email} and got no answer, and Pipedrive's search does not show the person yet (its index lags behind new persons): looking again before creating anyone.`,
          { retryAfterMs: LAG_WAIT_MS * (checks + 1) },
        );
      }
      // Looked for minutes and nobody is there: the lost create most likely never reached Pipedrive.
    }

    memo.set('createSentAt', new Date().toISOString());
    memo.set('lagChecks', '0');
    let created;
    try {
      created = await requestJson(ctx, {
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
    } catch (error) {
      // Refused (wrong token, bad data, slow down): Pipedrive created nobody, so the next attempt may create at once.
      if (error instanceof ActionError && (error.kind === 'permanent' || error.rateLimited)) memo.set('createSentAt', '');
      throw error;
    }
    const id = (created.body as { data?: { id?: unknown } } | undefined)?.data?.id;
    if (id === undefined) throw new ActionError('transient', 'Pipedrive answered without the new person’s id; checking again on the next attempt.');
    memo.set('person', String(id));
    recentlyCreated.set(cacheKey, { id: String(id), at: Date.now() });
    return { detail: `Pipedrive person ${String(id)} created (${contact.email})` };
  },
});
