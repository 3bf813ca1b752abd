import { z } from 'zod';
import { ActionError, defineAction, type ActionContext, type Choice } from './action.ts';
import { createOnce, runReference } from './create-once.ts';
import { baseUrl, baseUrlSetting, requestJson, type JsonRequest } from './http-client.ts';
import { dueDate, dueDays } from './settings-values.ts';

export const asanaSettingsSchema = z.strictObject({
  token: z
    .string({ error: 'paste your Asana personal access token (Settings → Apps → Developer apps)' })
    .trim()
    .min(20, 'this is too short for an Asana personal access token (Settings → Apps → Developer apps)'),
  projectId: z
    .string({ error: 'pick the project new tasks go to' })
    .trim()
    .regex(/^\d+$/, 'pick the project new tasks go to ("Find" lists yours; its id is a number)'),
  dueDays,
  baseUrl: baseUrlSetting,
});
type Settings = z.infer<typeof asanaSettingsSchema>;

const EXPLAIN = {
  400: 'Asana refused the task (check the project in the recipe)',
  401: 'Asana refused the token: make a new personal access token (Settings → Apps → Developer apps) and paste it into the recipe',
  403: 'Asana says the token may not add tasks to this project: use the token of someone who is a member of it',
  404: 'Asana does not know this project (it may have been deleted): pick the project again in the recipe',
};
/** Project lists are paged 100 at a time; an account with more than this many pages is shown its first ones. */
const MAX_PAGES = 10;

type Ctx = Pick<ActionContext<unknown>, 'services' | 'signal'> & { settings: Pick<Settings, 'token' | 'baseUrl'> };

function call(ctx: Ctx, path: string, request: Omit<JsonRequest, 'destination' | 'url' | 'explain' | 'headers'> = {}) {
  return requestJson(ctx, {
    destination: 'Asana',
    url: `${baseUrl(ctx.settings.baseUrl, 'https://app.asana.com')}/api/1.0${path}`,
    headers: { authorization: `Bearer ${ctx.settings.token}` },
    explain: EXPLAIN,
    rateLimitWaitMs: 60_000,
    ...request,
  });
}

type Page = { data?: { gid?: unknown; name?: unknown; notes?: unknown }[]; next_page?: { offset?: unknown } | null };

/** Every item of a paged list (limit 100, next_page.offset), up to MAX_PAGES pages. */
async function all(ctx: Ctx, path: string, query: Record<string, string>): Promise<NonNullable<Page['data']>> {
  const items: NonNullable<Page['data']> = [];
  let offset: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const params = new URLSearchParams({ ...query, limit: '100', ...(offset ? { offset } : {}) });
    const body = (await call(ctx, `${path}?${params}`)).body as Page | undefined;
    items.push(...(body?.data ?? []));
    offset = typeof body?.next_page?.offset === 'string' ? body.next_page.offset : undefined;
    if (!offset) break;
  }
  return items;
}

/**
 * An Asana task in the chosen project: name and notes from the recipe's templates, a due date
 * when asked. One task per run (create-once.ts): the notes end with the run's reference, and a
 * retry after a lost answer looks for it among the project's tasks changed since the create went out.
 */
export const asana = defineAction({
  id: 'asana',
  title: 'Create an Asana task',
  settings: asanaSettingsSchema,
  async choices(field, raw, ctx) {
    if (field !== 'projectId') return [];
    const settings = asanaSettingsSchema.pick({ token: true, baseUrl: true }).parse(raw);
    const c = { ...ctx, settings };
    const choices: Choice[] = [];
    for (const workspace of await all(c, '/workspaces', {})) {
      for (const project of await all(c, '/projects', { workspace: String(workspace.gid), archived: 'false', opt_fields: 'name' })) {
        choices.push({ value: String(project.gid), label: `${String(workspace.name)} / ${String(project.name)}` });
      }
    }
    return choices;
  },
  async run(ctx) {
    const reference = runReference(ctx);
    const name = (await ctx.render('title'))?.replace(/\s+/g, ' ').trim() || ctx.event.summary;
    const notes = `${(await ctx.render('description'))?.replace(/\n{3,}/g, '\n\n').trim() ?? ''}\n\n— ${reference}`.trim();
    const { id, already } = await createOnce(ctx, 'Asana', {
      async find(sentAt) {
        const since = new Date(Date.parse(sentAt) - 60_000).toISOString();
        const tasks = await all(ctx, '/tasks', { project: ctx.settings.projectId, modified_since: since, opt_fields: 'notes' });
        const found = tasks.find((t) => typeof t.notes === 'string' && t.notes.includes(reference));
        return found ? String(found.gid) : undefined;
      },
      async create() {
        const created = await call(ctx, '/tasks', {
          method: 'POST',
          body: {
            data: {
              name: `${ctx.test ? '[Test] ' : ''}${name}`,
              notes,
              projects: [ctx.settings.projectId],
              ...(ctx.settings.dueDays !== undefined ? { due_on: dueDate(ctx.event.occurredAt, ctx.settings.dueDays) } : {}),
            },
          },
        });
        const gid = (created.body as { data?: { gid?: unknown } } | undefined)?.data?.gid;
        if (typeof gid !== 'string') throw new ActionError('transient', 'Asana answered without the new task’s id; checking again on the next attempt.');
        return gid;
      },
    });
    return { detail: already ? `Asana task ${id} already made for this event` : `Asana task ${id} created` };
  },
});
