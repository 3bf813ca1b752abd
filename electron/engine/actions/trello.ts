import { z } from 'zod';
import { ActionError, defineAction, type ActionContext } from './action.ts';
import { createOnce, runReference } from './create-once.ts';
import { baseUrl, baseUrlSetting, requestJson, type JsonRequest } from './http-client.ts';
import { dueDate, dueDays } from './settings-values.ts';

const credential = (what: string) =>
  z
    .string({ error: `paste your Trello ${what} (trello.com/power-ups/admin)` })
    .trim()
    .min(20, `this is too short for a Trello ${what} (trello.com/power-ups/admin)`);
export const trelloSettingsSchema = z.strictObject({
  key: credential('API key'),
  token: credential('token'),
  /** Only used to list the board's lists in the window. */
  boardId: z.string().trim().min(1).optional(),
  listId: z.string({ error: 'pick the list new cards go to' }).trim().min(1, 'pick the list new cards go to'),
  dueDays,
  baseUrl: baseUrlSetting,
});
type Settings = z.infer<typeof trelloSettingsSchema>;

const EXPLAIN = {
  400: 'Trello refused the card (check the list in the recipe: "Find" lists your boards and lists)',
  401: 'Trello refused the API key or token: make a new token next to your API key on trello.com/power-ups/admin and paste both into the recipe',
  404: 'Trello does not know this list (it may have been archived): pick the list again in the recipe',
};

type Ctx = Pick<ActionContext<unknown>, 'services' | 'signal'> & { settings: Pick<Settings, 'key' | 'token' | 'baseUrl'> };

/** Trello takes the key and token as query parameters (its documented way); requestJson never shows the URL. */
function call(ctx: Ctx, path: string, request: Omit<JsonRequest, 'destination' | 'url' | 'explain'> & { query?: Record<string, string> } = {}) {
  const { query, ...rest } = request;
  const params = new URLSearchParams({ ...query, key: ctx.settings.key, token: ctx.settings.token });
  return requestJson(ctx, {
    destination: 'Trello',
    url: `${baseUrl(ctx.settings.baseUrl, 'https://api.trello.com')}/1${path}?${params}`,
    explain: EXPLAIN,
    rateLimitWaitMs: 10_000,
    ...rest,
  });
}

const named = (items: unknown): { value: string; label: string }[] =>
  (Array.isArray(items) ? items : [])
    .filter((i): i is { id: string; name?: unknown } => typeof (i as { id?: unknown }).id === 'string')
    .map((i) => ({ value: i.id, label: String(i.name ?? i.id) }));

/**
 * A Trello card on the chosen list: title and description from the recipe's templates, a due
 * date when asked, the link back attached. One card per run, however often it is retried
 * (create-once.ts); the description ends with the run's reference, which is how a retry after a
 * lost answer finds the card among the list's cards.
 */
export const trello = defineAction({
  id: 'trello',
  title: 'Create a Trello card',
  settings: trelloSettingsSchema,
  async choices(field, raw, ctx) {
    if (field === 'boardId') {
      const settings = trelloSettingsSchema.pick({ key: true, token: true, baseUrl: true }).parse(raw);
      return named((await call({ ...ctx, settings }, '/members/me/boards', { query: { filter: 'open', fields: 'name' } })).body);
    }
    if (field === 'listId') {
      const settings = trelloSettingsSchema
        .pick({ key: true, token: true, baseUrl: true })
        .extend({ boardId: z.string({ error: 'pick the board first' }).trim().min(1, 'pick the board first') })
        .parse(raw);
      return named(
        (await call({ ...ctx, settings }, `/boards/${encodeURIComponent(settings.boardId)}/lists`, { query: { filter: 'open', fields: 'name' } })).body,
      );
    }
    return [];
  },
  async run(ctx) {
    const reference = runReference(ctx);
    const name = ((await ctx.render('title'))?.replace(/\s+/g, ' ').trim() || ctx.event.summary).slice(0, 16_000);
    const description = `${(await ctx.render('description'))?.replace(/\n{3,}/g, '\n\n').trim() ?? ''}\n\n— ${reference}`.trim().slice(-16_000);
    const { id, already } = await createOnce(ctx, 'Trello', {
      async find() {
        const cards = (await call(ctx, `/lists/${encodeURIComponent(ctx.settings.listId)}/cards`, { query: { fields: 'desc' } })).body;
        return (Array.isArray(cards) ? cards : []).find((c: { desc?: unknown }) => typeof c.desc === 'string' && c.desc.includes(reference))?.id as
          string | undefined;
      },
      async create() {
        const link = ctx.event.link;
        const created = await call(ctx, '/cards', {
          method: 'POST',
          body: {
            idList: ctx.settings.listId,
            name: `${ctx.test ? '[Test] ' : ''}${name}`,
            desc: description,
            pos: 'top',
            ...(ctx.settings.dueDays !== undefined ? { due: `${dueDate(ctx.event.occurredAt, ctx.settings.dueDays)}T12:00:00.000Z` } : {}),
            ...(link ? { urlSource: link } : {}),
          },
        });
        const card = (created.body as { id?: unknown } | undefined)?.id;
        if (typeof card !== 'string') throw new ActionError('transient', 'Trello answered without the new card’s id; checking again on the next attempt.');
        return card;
      },
    });
    return { detail: already ? `Trello card ${id} already made for this event` : `Trello card ${id} created` };
  },
});
