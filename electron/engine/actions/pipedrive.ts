import { z } from 'zod';
import { ActionError, defineAction, type ActionContext } from './action.ts';
import { baseUrl, baseUrlSetting, requestJson } from './http-client.ts';
import { withPerson } from './person-ledger.ts';
import { contactOf, type Contact } from './person-fields.ts';
import { RunMemo, type FileMemo } from './run-memo.ts';

export const pipedriveSettingsSchema = z.strictObject({
  token: z
    .string({ error: 'paste your Pipedrive API token (Pipedrive → Personal preferences → API)' })
    .trim()
    .min(20, 'this is too short for a Pipedrive API token (Pipedrive → Personal preferences → API)'),
  /** Pipedrive user who owns new persons; the token's user when absent. */
  ownerId: z.number().int().positive().optional(),
  baseUrl: baseUrlSetting,
});

const EXPLAIN = {
  401: 'Pipedrive refused the API token: copy it again from Pipedrive → Personal preferences → API (a regenerated token replaces the old one)',
  403: "Pipedrive refused the request for this account (plan limit or missing permission); check the account's plan and the user's rights",
};

/** After a create whose answer was lost, this many looks (waiting longer each time) before creating again. */
export const PIPEDRIVE_LAG_CHECKS = 3;
const LAG_WAIT_MS = 20_000;

/**
 * What this installation knows about one person in one Pipedrive account (person-ledger.ts):
 * the person's id once created or found, and that a create went out whose answer never came.
 */
type PipedrivePerson = { person: string; createSentAt: string; lagChecks: string };

type Ctx = ActionContext<z.infer<typeof pipedriveSettingsSchema>>;

/**
 * Finds a Pipedrive person by exact email, else creates one. An existing person is left as the
 * team edited it. Pipedrive itself allows duplicates and its search index lags behind creates
 * by seconds, so the search is not the only guard: runs about one email take turns, across
 * recipes and restarts (person-ledger.ts), and each remembers the person it created or found,
 * which the next one looks up by id (no lag there) before searching. "Create sent" is written
 * down before a create goes out: when its answer is lost (504, timeout, a crash) and the search
 * finds nobody, that is taken for index lag and looked at again a few times, later each time,
 * before the person is created again. A refusal (4xx, 429) means nothing was created.
 */
export const pipedrive = defineAction({
  id: 'pipedrive',
  title: 'Find or create a Pipedrive person',
  settings: pipedriveSettingsSchema,
  async run(ctx) {
    const contact = contactOf(ctx.event, 'Pipedrive');
    const api = `${baseUrl(ctx.settings.baseUrl, 'https://api.pipedrive.com')}/v1`;
    const runMemo = new RunMemo<{ person: string }>(ctx.services.dataDir, 'pipedrive', ctx.runId, ctx.services.installId);
    const done = runMemo.get('person');
    if (done) return { detail: `Pipedrive person ${done} already there (${contact.email})` };
    return withPerson<PipedrivePerson, { detail: string }>(
      ctx,
      { destination: 'Pipedrive', account: `${api} ${ctx.settings.token}`, email: contact.email },
      async (person) => {
        const { id, created } = await findOrCreate(ctx, api, contact, person);
        runMemo.set('person', id);
        return { detail: `Pipedrive person ${id} ${created ? 'created' : 'already there'} (${contact.email})` };
      },
    );
  },
});

async function findOrCreate(ctx: Ctx, api: string, contact: Contact, person: FileMemo<PipedrivePerson>): Promise<{ id: string; created: boolean }> {
  const auth = `api_token=${encodeURIComponent(ctx.settings.token)}`;
  const known = person.get('person');
  if (known) {
    // By id, not by search: Pipedrive answers for a person the moment it exists.
    const got = await requestJson(ctx, {
      destination: 'Pipedrive',
      url: `${api}/persons/${encodeURIComponent(known)}?${auth}`,
      expect: [404, 410],
      explain: EXPLAIN,
      rateLimitWaitMs: 2_000,
    });
    const data = (got.body as { data?: { id?: unknown; active_flag?: unknown } | null } | undefined)?.data;
    if (got.status === 200 && data && data.active_flag !== false) return { id: known, created: false };
    person.update({ person: '' }); // deleted or merged away in Pipedrive: find or create again
  }

  const query = new URLSearchParams({ term: contact.email, fields: 'email', exact_match: 'true', limit: '1' });
  const found = await requestJson(ctx, { destination: 'Pipedrive', url: `${api}/persons/search?${query}&${auth}`, explain: EXPLAIN, rateLimitWaitMs: 2_000 });
  const item = (found.body as { data?: { items?: { item?: { id?: unknown } }[] } } | undefined)?.data?.items?.[0]?.item;
  if (item?.id !== undefined) {
    person.update({ person: String(item.id), createSentAt: '', lagChecks: '0' });
    return { id: String(item.id), created: false };
  }

  if (person.get('createSentAt')) {
    const checks = Number(person.get('lagChecks') ?? 0);
    if (checks < PIPEDRIVE_LAG_CHECKS) {
      person.set('lagChecks', String(checks + 1));
      throw new ActionError(
        'transient',
        `An earlier attempt asked Pipedrive to create ${contact.email} and got no answer, and Pipedrive's search does not show the person yet (its index lags behind new persons): looking again before creating anyone.`,
        { retryAfterMs: LAG_WAIT_MS * (checks + 1) },
      );
    }
    // Looked for minutes and nobody is there: the lost create most likely never reached Pipedrive.
  }

  person.update({ createSentAt: new Date().toISOString(), lagChecks: '0' });
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
    if (error instanceof ActionError && (error.kind === 'permanent' || error.rateLimited)) person.set('createSentAt', '');
    throw error;
  }
  const id = (created.body as { data?: { id?: unknown } } | undefined)?.data?.id;
  if (id === undefined) throw new ActionError('transient', 'Pipedrive answered without the new person’s id; checking again on the next attempt.');
  person.update({ person: String(id), createSentAt: '' });
  return { id: String(id), created: true };
}
