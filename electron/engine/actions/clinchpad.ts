import { z } from 'zod';
import { ActionError, defineAction } from './action.ts';
import { baseUrl, baseUrlSetting, requestJson, type JsonRequest } from './http-client.ts';
import { contactOf } from './person-fields.ts';
import { withPerson } from './person-ledger.ts';
import { RunMemo, type FileMemo } from './run-memo.ts';

export const clinchpadSettingsSchema = z.strictObject({
  apiKey: z
    .string({ error: 'paste your ClinchPad API key (ClinchPad → Settings → API)' })
    .trim()
    .min(8, 'this is too short for a ClinchPad API key (ClinchPad → Settings → API)'),
  pipelineId: z
    .string({ error: 'give the id of the ClinchPad pipeline new leads go to' })
    .trim()
    .min(1, 'give the id of the ClinchPad pipeline new leads go to'),
  /** ClinchPad user the lead is assigned to; unassigned when absent. */
  userId: z.string().trim().min(1).optional(),
  baseUrl: baseUrlSetting,
});

const EXPLAIN = {
  400: 'ClinchPad refused the lead (check the pipeline id in the recipe settings)',
  401: 'ClinchPad refused the API key: copy it again from ClinchPad → Settings → API',
  403: 'ClinchPad refused the API key for this request: copy it again from ClinchPad → Settings → API',
  404: 'ClinchPad does not know this pipeline or lead (check the pipeline id in the recipe settings)',
};

/**
 * Creates a ClinchPad lead with its contact: contact, then lead, then the link between them,
 * then an optional note (the order's items). ClinchPad has no upsert, so each step's result is
 * kept in a run memo and a retry continues with the first step not yet done. A customer who
 * orders again gets a new lead with the contact made the first time: runs about one email take
 * turns and the contact's id is remembered (person-ledger.ts); if it was deleted in ClinchPad
 * meanwhile, a new contact is made.
 * API: https://www.clinchpad.com/api/v1, Basic auth `api-key:<key>`; `POST /contacts`,
 * `POST /leads` {name, pipeline_id, size, user_id}, `POST /leads/{lead}/contacts/{contact}`,
 * `POST /leads/{lead}/notes` {content}. The contact endpoints are not on ClinchPad's public
 * page; they are what existing integrations call.
 */
export const clinchpad = defineAction({
  id: 'clinchpad',
  title: 'Create a ClinchPad lead',
  settings: clinchpadSettingsSchema,
  async run(ctx) {
    const contact = contactOf(ctx.event, 'ClinchPad');
    const api = baseUrl(ctx.settings.baseUrl, 'https://www.clinchpad.com/api/v1');
    const memo = new RunMemo<{ contact: string; lead: string; linked: string; note: string }>(
      ctx.services.dataDir,
      'clinchpad',
      ctx.runId,
      ctx.services.installId,
    );
    const authorization = `Basic ${Buffer.from(`api-key:${ctx.settings.apiKey}`).toString('base64')}`;
    const request = (path: string, body?: unknown): JsonRequest => ({
      destination: 'ClinchPad',
      method: 'POST',
      url: `${api}${path}`,
      headers: { authorization },
      ...(body === undefined ? {} : { body }),
      explain: EXPLAIN,
      rateLimitWaitMs: 60_000,
    });
    const post = async (path: string, body: unknown, what: string): Promise<string> => {
      const id = (await requestJson(ctx, request(path, body))).body as { _id?: unknown } | undefined;
      if (typeof id?._id !== 'string') throw new ActionError('transient', `ClinchPad answered without the new ${what}'s id; trying again.`);
      return id._id;
    };
    const newContact = async (person: FileMemo<{ contact: string }>) => {
      const id = await post('/contacts', { name: contact.name, email: contact.email, ...(contact.phone ? { phone: contact.phone } : {}) }, 'contact');
      memo.set('contact', id);
      person.set('contact', id);
      return id;
    };

    return withPerson<{ contact: string }, { detail: string }>(
      ctx,
      { destination: 'ClinchPad', account: `${api} ${ctx.settings.apiKey}`, email: contact.email },
      async (person) => {
        let contactId = memo.get('contact');
        // This run's own contact, else the one made for this email before, else a new one.
        let reused = !contactId && Boolean(person.get('contact'));
        if (!contactId) contactId = reused ? person.get('contact')! : await newContact(person);
        let leadId = memo.get('lead');
        if (!leadId) {
          const name = (await ctx.render('lead'))?.replace(/\s+/g, ' ').trim() || contact.name;
          const size = Math.round(Number(ctx.event.order?.total));
          leadId = await post(
            '/leads',
            {
              name,
              pipeline_id: ctx.settings.pipelineId,
              ...(Number.isFinite(size) && size > 0 ? { size } : {}),
              ...(ctx.settings.userId ? { user_id: ctx.settings.userId } : {}),
            },
            'lead',
          );
          memo.set('lead', leadId);
        }
        if (!memo.get('linked')) {
          const linked = await requestJson(ctx, { ...request(`/leads/${leadId}/contacts/${contactId}`), expect: reused ? [404] : [] });
          if (linked.status === 404) {
            // The remembered contact was deleted in ClinchPad: make a new one for this lead.
            contactId = await newContact(person);
            reused = false;
            await requestJson(ctx, request(`/leads/${leadId}/contacts/${contactId}`));
          }
          memo.update({ contact: contactId, linked: 'yes' });
        }
        const note = (await ctx.render('note'))?.trim();
        if (note && !memo.get('note')) {
          memo.set('note', await post(`/leads/${leadId}/notes`, { content: note }, 'note'));
        }
        return { detail: `ClinchPad lead ${leadId} created with ${reused ? 'the existing ' : ''}contact ${contactId} (${contact.email})` };
      },
    );
  },
});
