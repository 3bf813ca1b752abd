import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ActionError, defineAction, type ActionContext } from './action.ts';
import { baseUrl, baseUrlSetting, requestJson, type JsonRequest } from './http-client.ts';
import { contactOf } from './person-fields.ts';
import { commaList } from './settings-values.ts';

export const mailchimpSettingsSchema = z.strictObject({
  apiKey: z
    .string({ error: 'paste your Mailchimp API key (Profile → Extras → API keys)' })
    .trim()
    .regex(/^[0-9a-f]{16,64}-[a-z]+\d+$/i, 'this is not a Mailchimp API key: it looks like 0123…cdef-us21 (Profile → Extras → API keys)'),
  listId: z.string({ error: 'pick the audience people are added to' }).trim().min(1, 'pick the audience people are added to'),
  /** "double": Mailchimp emails new people a link to confirm (status pending) before they are subscribed. */
  optIn: z.enum(['single', 'double'], { error: 'choose single or double opt-in' }).default('single'),
  tags: commaList.optional(),
  baseUrl: baseUrlSetting,
});
type Settings = z.infer<typeof mailchimpSettingsSchema>;

const EXPLAIN = {
  401: 'Mailchimp refused the API key: create a new one under Profile → Extras → API keys and paste it into the recipe',
  403: 'Mailchimp refused the API key for this account (it may be disabled): check it under Profile → Extras → API keys',
  404: 'Mailchimp does not know this audience: pick it again in the recipe ("Find" lists yours)',
};

/** The API address of the account a key belongs to: its data centre is the part after the last "-". */
export function mailchimpApi(settings: Pick<Settings, 'apiKey' | 'baseUrl'>): string {
  const dc = settings.apiKey.slice(settings.apiKey.lastIndexOf('-') + 1);
  return `${baseUrl(settings.baseUrl, `https://${dc}.api.mailchimp.com`)}/3.0`;
}

/** Mailchimp's id of an audience member: the MD5 of the lower-cased email. */
export function memberHash(email: string): string {
  return createHash('md5').update(email.toLowerCase()).digest('hex');
}

function call(ctx: Pick<ActionContext<Settings>, 'services' | 'signal' | 'settings'>, request: Omit<JsonRequest, 'destination' | 'headers' | 'explain'>) {
  const authorization = `Basic ${Buffer.from(`hooktray:${ctx.settings.apiKey}`).toString('base64')}`;
  return requestJson(ctx, { destination: 'Mailchimp', headers: { authorization }, explain: EXPLAIN, rateLimitWaitMs: 10_000, ...request });
}

/** Refusals that mean "Mailchimp keeps this person out": the run is done, and says so. */
const KEPT_OUT: Record<string, string> = {
  'Member In Compliance State': 'unsubscribed from this audience earlier (or Mailchimp holds them back), so they were not subscribed again',
  'Forgotten Email Not Subscribed': 'was permanently removed from this audience at their request, and Mailchimp does not let anyone add them back',
};

/**
 * Adds someone to a Mailchimp audience, or updates them: `PUT /lists/{id}/members/{hash}`, an
 * upsert by the member's hash, so retries and five events at once for one person leave one
 * member. Only `status_if_new` is sent, never `status`: a person who unsubscribed, bounced or
 * waits for their confirmation keeps that status (Mailchimp refuses a resubscribe with "Member In
 * Compliance State"), and the run says so. Tags are added by the tags endpoint, which only adds.
 */
export const mailchimp = defineAction({
  id: 'mailchimp',
  title: 'Add to a Mailchimp audience',
  settings: mailchimpSettingsSchema,
  async choices(field, raw, ctx) {
    if (field !== 'listId') return [];
    const settings = mailchimpSettingsSchema.pick({ apiKey: true, baseUrl: true }).parse(raw) as Settings;
    const got = await call({ ...ctx, settings }, { url: `${mailchimpApi(settings)}/lists?fields=lists.id,lists.name,lists.stats.member_count&count=1000` });
    const lists = (got.body as { lists?: { id?: unknown; name?: unknown; stats?: { member_count?: unknown } }[] } | undefined)?.lists ?? [];
    return lists
      .filter((l) => typeof l.id === 'string')
      .map((l) => ({
        value: String(l.id),
        label: `${String(l.name ?? l.id)}${typeof l.stats?.member_count === 'number' ? ` (${l.stats.member_count} contacts)` : ''}`,
      }));
  },
  async run(ctx) {
    const contact = contactOf(ctx.event, 'Mailchimp');
    const member = `${mailchimpApi(ctx.settings)}/lists/${encodeURIComponent(ctx.settings.listId)}/members/${memberHash(contact.email)}`;
    const before = await call(ctx, { url: `${member}?fields=status`, expect: [404] });
    const wasThere = before.status !== 404;
    const mergeFields = Object.fromEntries(Object.entries({ FNAME: contact.firstName, LNAME: contact.lastName, PHONE: contact.phone }).filter(([, v]) => v));
    const statusIfNew = ctx.settings.optIn === 'double' ? 'pending' : 'subscribed';
    const put = await call(ctx, {
      method: 'PUT',
      url: `${member}?skip_merge_validation=true`,
      body: { email_address: contact.email, status_if_new: statusIfNew, merge_fields: mergeFields },
      expect: [400],
    });
    if (put.status === 400) {
      const title = String((put.body as { title?: unknown } | undefined)?.title ?? '');
      const why = KEPT_OUT[title];
      if (why) return { detail: `${contact.email} ${why}` };
      const detail = String((put.body as { detail?: unknown } | undefined)?.detail ?? title);
      throw new ActionError('permanent', `Mailchimp refused ${contact.email}: ${detail}`);
    }
    const status = String((put.body as { status?: unknown } | undefined)?.status ?? statusIfNew);
    if (ctx.settings.tags?.length && status !== 'unsubscribed' && status !== 'cleaned') {
      await call(ctx, { method: 'POST', url: `${member}/tags`, body: { tags: ctx.settings.tags.map((name) => ({ name, status: 'active' })) } });
    }
    return { detail: `${contact.email} ${describe(status, wasThere)}` };
  },
});

function describe(status: string, wasThere: boolean): string {
  if (status === 'unsubscribed') return 'unsubscribed earlier: not subscribed again (their details were updated)';
  if (status === 'cleaned') return 'bounced earlier (Mailchimp cleaned the address): not subscribed again';
  if (status === 'pending') return wasThere ? 'still has to confirm the email Mailchimp sent them' : 'added: Mailchimp emailed them a link to confirm';
  return wasThere ? 'was already in the audience (updated)' : 'subscribed to the audience';
}
