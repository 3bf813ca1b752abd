import { z } from 'zod';
import { ActionError, defineAction, type ActionContext } from './action.ts';
import type { JsonResponse } from './http-client.ts';
import { contactOf, type Contact } from './person-fields.ts';
import { withPerson } from './person-ledger.ts';
import { RunMemo, type FileMemo } from './run-memo.ts';
import { salesforceCall } from './salesforce-auth.ts';

export const salesforceSettingsSchema = z.strictObject({
  loginUrl: z.url({ protocol: /^https?$/, error: 'give your Salesforce address, e.g. https://yourcompany.my.salesforce.com' }),
  clientId: z
    .string({ error: "paste your connected app's Consumer Key" })
    .trim()
    .min(10, 'this is too short for a Consumer Key (Setup → App Manager → your app)'),
  clientSecret: z
    .string({ error: "paste your connected app's Consumer Secret" })
    .trim()
    .min(10, 'this is too short for a Consumer Secret (Setup → App Manager → your app)'),
  refreshToken: z.string().trim().min(10).optional(),
  object: z.enum(['Contact', 'Lead'], { error: 'choose Contact or Lead' }).default('Contact'),
  /** A lead needs a company; used when the person gave none. */
  company: z.string().trim().min(1).max(255).optional(),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d$/, 'write the API version like v62.0')
    .default('v62.0'),
});
type Settings = z.infer<typeof salesforceSettingsSchema>;
type Ctx = ActionContext<Settings>;

const EXPLAIN = {
  400: 'Salesforce refused the record (a required field or a validation rule of your org)',
  403: 'Salesforce refused: the app’s Run As user may not do this, or the org used up its API calls for today',
  404: 'Salesforce does not know this record or object',
};

/** A text for a SOQL string literal: backslashes and quotes escaped. */
export const soqlText = (value: string) => value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

/**
 * A Salesforce contact or lead, found by email or created, with a note of what happened (the
 * order, the ticket, the form). No duplicates: runs about one email take turns and remember the
 * record they found or made (person-ledger.ts); SOQL sees a record the moment it is created, so
 * a create whose answer was lost is found by the next attempt's query; each run remembers its
 * record and its note (run-memo.ts), and a note whose answer was lost is looked up by its title.
 * API: /services/oauth2/token, /services/data/vXX.X/query, /sobjects/{Contact|Lead|Note}.
 */
export const salesforce = defineAction({
  id: 'salesforce',
  title: 'Add a Salesforce contact or lead',
  settings: salesforceSettingsSchema,
  async run(ctx) {
    const contact = contactOf(ctx.event, 'Salesforce');
    const { object } = ctx.settings;
    const memo = new RunMemo<{ record: string; note: string; noteSentAt: string }>(ctx.services.dataDir, 'salesforce', ctx.runId, ctx.services.installId);
    const account = `${ctx.settings.loginUrl} ${ctx.settings.clientId} ${object}`;
    return withPerson<{ record: string }, { detail: string }>(ctx, { destination: 'Salesforce', account, email: contact.email }, async (person) => {
      let record = memo.get('record');
      let how = 'already there';
      if (!record) {
        const found = await findOrCreate(ctx, contact, person);
        record = found.id;
        how = found.how;
        memo.set('record', record);
      }
      const noted = await addNote(ctx, record, memo);
      return { detail: `Salesforce ${object.toLowerCase()} ${record} ${how} (${contact.email})${noted ? ', with a note' : ''}` };
    });
  },
});

function api(ctx: Ctx, request: Parameters<typeof salesforceCall>[2]): Promise<JsonResponse> {
  return salesforceCall(ctx, ctx.settings, { explain: EXPLAIN, ...request, path: `/services/data/${ctx.settings.apiVersion}${request.path}` });
}

async function query(ctx: Ctx, soql: string): Promise<string | undefined> {
  const answer = await api(ctx, { path: `/query?q=${encodeURIComponent(soql)}` });
  const id = (answer.body as { records?: { Id?: unknown }[] } | undefined)?.records?.[0]?.Id;
  return typeof id === 'string' ? id : undefined;
}

/** The fields we know about the person, as Salesforce names them (LastName and a lead's Company required). */
function fieldsOf(ctx: Ctx, contact: Contact): Record<string, string> {
  const lastName = contact.lastName ?? contact.name.split(/\s+/).at(-1) ?? contact.email.split('@')[0]!;
  return {
    ...(contact.firstName ? { FirstName: contact.firstName } : {}),
    LastName: lastName.slice(0, 80),
    Email: contact.email,
    ...(contact.phone ? { Phone: contact.phone } : {}),
    ...(ctx.settings.object === 'Lead' ? { Company: contact.company ?? ctx.settings.company ?? '[not provided]' } : {}),
  };
}

async function findOrCreate(ctx: Ctx, contact: Contact, person: FileMemo<{ record: string }>): Promise<{ id: string; how: string }> {
  const { object } = ctx.settings;
  const known = person.get('record');
  if (known) {
    const got = await api(ctx, { path: `/sobjects/${object}/${encodeURIComponent(known)}?fields=Id`, expect: [404] });
    if (got.status !== 404) return { id: known, how: 'already there' };
    person.set('record', ''); // deleted or merged away in Salesforce
  }
  const converted = object === 'Lead' ? ' AND IsConverted = false' : '';
  const existing = await query(ctx, `SELECT Id FROM ${object} WHERE Email = '${soqlText(contact.email)}'${converted} ORDER BY CreatedDate LIMIT 1`);
  if (existing) {
    const fields = fieldsOf(ctx, contact);
    // Only what the event really says: never a placeholder over the team's own data.
    const update = Object.fromEntries(
      Object.entries(fields).filter(([k]) => k !== 'Email' && (k !== 'LastName' || contact.lastName) && (k !== 'Company' || contact.company)),
    );
    if (Object.keys(update).length) await api(ctx, { method: 'PATCH', path: `/sobjects/${object}/${existing}`, body: update });
    person.set('record', existing);
    return { id: existing, how: 'updated' };
  }
  const created = await api(ctx, { method: 'POST', path: `/sobjects/${object}`, body: fieldsOf(ctx, contact), expect: [400] });
  if (created.status === 400) {
    // A duplicate rule of the org matched someone (by name, say): that is the person.
    const error = (
      created.body as
        { errorCode?: unknown; message?: unknown; duplicateResult?: { matchResults?: { matchRecords?: { record?: { Id?: unknown } }[] }[] } }[] | undefined
    )?.[0];
    const match = error?.duplicateResult?.matchResults?.[0]?.matchRecords?.[0]?.record?.Id;
    if (error?.errorCode === 'DUPLICATES_DETECTED' && typeof match === 'string') {
      person.set('record', match);
      return { id: match, how: 'already there (found by your duplicate rules)' };
    }
    throw new ActionError(
      'permanent',
      `${EXPLAIN[400]}: ${String(error?.errorCode ?? '')} ${String(error?.message ?? JSON.stringify(created.body)).slice(0, 300)}`.trim(),
    );
  }
  const id = (created.body as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string') throw new ActionError('transient', 'Salesforce answered without the new record’s id; looking it up on the next attempt.');
  person.set('record', id);
  return { id, how: 'created' };
}

/** The note of what happened, once per run; after a lost answer it is looked up by its title first. */
async function addNote(ctx: Ctx, record: string, memo: RunMemo<{ record: string; note: string; noteSentAt: string }>): Promise<boolean> {
  if (memo.get('note')) return true;
  const body = (await ctx.render('note'))?.trim();
  if (!body) return false;
  const title = `${ctx.test ? '[Test] ' : ''}${(await ctx.render('noteTitle'))?.replace(/\s+/g, ' ').trim() || ctx.event.summary}`.slice(0, 80);
  if (memo.get('noteSentAt')) {
    const found = await query(ctx, `SELECT Id FROM Note WHERE ParentId = '${soqlText(record)}' AND Title = '${soqlText(title)}' LIMIT 1`);
    if (found) {
      memo.set('note', found);
      return true;
    }
  }
  memo.set('noteSentAt', new Date().toISOString());
  const created = await api(ctx, { method: 'POST', path: '/sobjects/Note', body: { ParentId: record, Title: title, Body: body.slice(0, 32_000) } });
  const id = (created.body as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string') throw new ActionError('transient', 'Salesforce answered without the new note’s id; looking it up on the next attempt.');
  memo.update({ note: id, noteSentAt: '' });
  return true;
}
