import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionError } from '../../../electron/engine/actions/action.ts';
import { clinchpad } from '../../../electron/engine/actions/clinchpad.ts';
import { pipedrive, PIPEDRIVE_LAG_CHECKS } from '../../../electron/engine/actions/pipedrive.ts';
import type { HooktrayEvent } from '../../../shared/events.ts';
import { runAction } from '../../helpers/destinations/action-context.ts';
import { CLINCHPAD_KEY, CLINCHPAD_PIPELINE, startClinchPad } from '../../helpers/destinations/clinchpad.ts';
import { PIPEDRIVE_TOKEN, startPipedrive } from '../../helpers/destinations/pipedrive.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function subscriber(email: string, name = 'Sam Subscriber'): HooktrayEvent {
  return {
    type: 'contact.created',
    source: 'mailchimp',
    platformEvent: 'subscribe',
    key: `member:${email}`,
    occurredAt: '2026-11-20T10:15:00.000Z',
    summary: `New subscriber ${email}`,
    person: { name, email },
    data: {},
  };
}

describe('Pipedrive action against a Pipedrive contract server', () => {
  const recipe = 'mailchimp-subscriber-pipedrive';

  it('searches by exact email, then creates the person with the documented body', async () => {
    const pd = await startPipedrive();
    const result = await runAction(pipedrive, { token: PIPEDRIVE_TOKEN, baseUrl: pd.url, ownerId: 7 }, { recipe, event: subscriber('sam@example.com') });
    expect(result.detail).toBe('Pipedrive person 100 created (sam@example.com)');
    expect(pd.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /v1/persons/search 200', 'POST /v1/persons 201']);
    expect(Object.fromEntries(pd.requests[0]!.query)).toMatchObject({ term: 'sam@example.com', fields: 'email', exact_match: 'true' });
    expect(pd.requests[1]!.json).toEqual({ name: 'Sam Subscriber', email: [{ value: 'sam@example.com', primary: true, label: 'work' }], owner_id: 7 });
  });

  it('finds the existing person instead of creating a second one', async () => {
    const pd = await startPipedrive();
    const settings = { token: PIPEDRIVE_TOKEN, baseUrl: pd.url };
    await runAction(pipedrive, settings, { recipe, event: subscriber('ann@example.com') });
    // A second Hooktray process (no memory of the first create) must rely on the search.
    pd.persons.push({ id: 555, name: 'Bob', emails: ['bob@example.com'], phones: [], createdAt: 0 });
    const found = await runAction(pipedrive, settings, { recipe, event: subscriber('BOB@example.com') });
    expect(found.detail).toBe('Pipedrive person 555 already there (bob@example.com)');
    expect(pd.persons).toHaveLength(2);
  });

  it('does not duplicate while the search index still lags behind a create', async () => {
    const pd = await startPipedrive({ searchLagMs: 60_000 });
    const settings = { token: PIPEDRIVE_TOKEN, baseUrl: pd.url };
    const dataDir = tempDir();
    await runAction(pipedrive, settings, { recipe, event: subscriber('lag@example.com'), runId: 1, dataDir });
    const second = await runAction(pipedrive, settings, { recipe, event: subscriber('lag@example.com'), runId: 2, dataDir });
    expect(second.detail).toMatch(/already there/);
    expect(pd.persons).toHaveLength(1);
  });

  it('a create whose answer was lost (504) is not sent again while the search index lags, even after a restart: one person', async () => {
    const pd = await startPipedrive({ searchLagMs: 60_000 });
    pd.faults.loseCreateAnswers = 1;
    const dataDir = tempDir();
    const settings = { token: PIPEDRIVE_TOKEN, baseUrl: pd.url };
    const attempt = (n: number) =>
      runAction(pipedrive, settings, { recipe, event: subscriber('lost@example.com'), runId: 31, attempt: n, dataDir }).catch((e: unknown) => e as ActionError);
    const first = (await attempt(1)) as ActionError;
    expect([first.kind, pd.persons.length]).toEqual(['transient', 1]);
    // The retry searches before Pipedrive's index has the person; only the memo on disk knows a create went out.
    const second = (await attempt(2)) as ActionError;
    expect(second.kind).toBe('transient');
    expect(second.message).toMatch(/got no answer, and Pipedrive's search does not show the person yet/);
    expect(second.retryAfterMs).toBe(20_000);
    expect(pd.persons).toHaveLength(1);
    pd.indexNow();
    expect(await attempt(3)).toEqual({ detail: 'Pipedrive person 100 already there (lost@example.com)' });
    expect(pd.persons).toHaveLength(1);
    expect(pd.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /v1/persons/search 200',
      'POST /v1/persons 504',
      'GET /v1/persons/search 200',
      'GET /v1/persons/search 200',
    ]);
  });

  it('a lost create that never reached Pipedrive is sent again after a few looks; a refused one at once', async () => {
    const pd = await startPipedrive();
    const dataDir = tempDir();
    const settings = { token: PIPEDRIVE_TOKEN, baseUrl: pd.url };
    const attempt = (runId: number, n: number, email: string) =>
      runAction(pipedrive, settings, { recipe, event: subscriber(email), runId, attempt: n, dataDir }).catch((e: unknown) => e as ActionError);
    pd.injectWhen((r) => r.method === 'POST', { status: 503, body: 'Service Unavailable' });
    expect(((await attempt(41, 1, 'gone@example.com')) as ActionError).kind).toBe('transient');
    for (let n = 2; n <= PIPEDRIVE_LAG_CHECKS + 1; n++) expect(((await attempt(41, n, 'gone@example.com')) as ActionError).retryAfterMs).toBe(20_000 * (n - 1));
    expect(await attempt(41, PIPEDRIVE_LAG_CHECKS + 2, 'gone@example.com')).toEqual({ detail: 'Pipedrive person 100 created (gone@example.com)' });
    // A 429 on the create means Pipedrive made nobody: the retry creates without waiting for the index.
    pd.injectWhen((r) => r.method === 'POST', {
      status: 429,
      headers: { 'retry-after': '2' },
      body: { success: false, error: 'Rate limit exceeded', errorCode: 429 },
    });
    expect(((await attempt(42, 1, 'slow@example.com')) as ActionError).rateLimited).toBe(true);
    expect(await attempt(42, 2, 'slow@example.com')).toEqual({ detail: 'Pipedrive person 101 created (slow@example.com)' });
    expect(pd.persons.map((p) => p.emails[0])).toEqual(['gone@example.com', 'slow@example.com']);
  });

  it('explains a refused token (permanent, token never in the message) and honours 429 Retry-After', async () => {
    const pd = await startPipedrive();
    const wrong = (await runAction(pipedrive, { token: 'x'.repeat(40), baseUrl: pd.url }, { recipe, event: subscriber('t@example.com') }).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect(wrong.kind).toBe('permanent');
    expect(wrong.message).toMatch(/^Pipedrive refused the API token: .*Personal preferences → API.*401/);
    expect(wrong.message).not.toContain('x'.repeat(40));
    pd.inject({ status: 429, headers: { 'retry-after': '2' }, body: { success: false, error: 'Rate limit exceeded', errorCode: 429 } });
    const limited = (await runAction(pipedrive, { token: PIPEDRIVE_TOKEN, baseUrl: pd.url }, { recipe, event: subscriber('t@example.com') }).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect([limited.kind, limited.retryAfterMs]).toEqual(['transient', 2000]);
    pd.inject({ status: 503, body: 'Service Unavailable' });
    const down = (await runAction(pipedrive, { token: PIPEDRIVE_TOKEN, baseUrl: pd.url }, { recipe, event: subscriber('t@example.com') }).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect(down.kind).toBe('transient');
    expect(pd.persons).toHaveLength(0);
  });
});

describe('ClinchPad action against a ClinchPad contract server', () => {
  const recipe = 'shopify-order-clinchpad';

  it('creates contact, lead (with size) in the pipeline, links them and adds the items as a note', async () => {
    const cp = await startClinchPad();
    const result = await runAction(clinchpad, { apiKey: CLINCHPAD_KEY, pipelineId: CLINCHPAD_PIPELINE, baseUrl: `${cp.url}/api/v1` }, { recipe });
    expect(cp.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{24}/g, ':id')} ${r.status}`)).toEqual([
      'POST /api/v1/contacts 200',
      'POST /api/v1/leads 200',
      'POST /api/v1/leads/:id/contacts/:id 200',
      'POST /api/v1/leads/:id/notes 200',
    ]);
    const [lead] = [...cp.leads.values()];
    expect(lead).toMatchObject({ name: '#1001 Jane Example', size: 50, pipeline: CLINCHPAD_PIPELINE });
    expect(lead!.contacts).toHaveLength(1);
    expect(cp.contacts.get(lead!.contacts[0]!)).toMatchObject({ name: 'Jane Example', email: 'jane.example@example.com' });
    expect(lead!.notes[0]).toContain('2 x Blue mug at 12.95 EUR');
    expect(result.detail).toBe(`ClinchPad lead ${lead!._id} created with contact ${lead!.contacts[0]} (jane.example@example.com)`);
  });

  it('a retry after a failure mid-way continues where it stopped: one contact, one lead', async () => {
    const cp = await startClinchPad();
    const dataDir = tempDir();
    const settings = { apiKey: CLINCHPAD_KEY, pipelineId: CLINCHPAD_PIPELINE, baseUrl: `${cp.url}/api/v1` };
    // The contact is created, then the lead call fails with 503.
    cp.injectWhen((r) => r.path === '/api/v1/leads', { status: 503, body: 'upstream down' });
    const first = (await runAction(clinchpad, settings, { recipe, runId: 42, dataDir }).catch((e: unknown) => e)) as ActionError;
    expect(first.kind).toBe('transient');
    expect(cp.requests.map((r) => `${r.path} ${r.status}`)).toEqual(['/api/v1/contacts 200', '/api/v1/leads 503']);
    const [contactId] = [...cp.contacts.keys()];
    await runAction(clinchpad, settings, { recipe, runId: 42, dataDir, attempt: 2 });
    expect(cp.requests.filter((r) => r.path.endsWith('/contacts'))).toHaveLength(1);
    expect(cp.leads.size).toBe(1);
    expect([...cp.leads.values()][0]!.contacts).toEqual([contactId]);
    // A later retry of the finished run (the owner pressed Retry) creates nothing new either.
    await runAction(clinchpad, settings, { recipe, runId: 42, dataDir, attempt: 3 });
    expect(cp.leads.size).toBe(1);
    expect([...cp.leads.values()][0]!.notes).toHaveLength(1);
    expect(readdirSync(join(dataDir, 'action-state')).filter((f) => f.includes('-run-'))).toHaveLength(1);
  });

  it('explains a wrong API key and an unknown pipeline as permanent failures', async () => {
    const cp = await startClinchPad();
    const wrongKey = (await runAction(clinchpad, { apiKey: 'wrong-key-123', pipelineId: CLINCHPAD_PIPELINE, baseUrl: `${cp.url}/api/v1` }, { recipe }).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect([wrongKey.kind, wrongKey.message]).toEqual(['permanent', expect.stringMatching(/^ClinchPad refused the API key: .*Settings → API/)]);
    const wrongPipe = (await runAction(clinchpad, { apiKey: CLINCHPAD_KEY, pipelineId: 'nope', baseUrl: `${cp.url}/api/v1` }, { recipe }).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect([wrongPipe.kind, wrongPipe.message]).toEqual(['permanent', expect.stringMatching(/pipeline/)]);
    cp.inject({ status: 429, headers: { 'retry-after': '60' }, body: { error: 'Rate limit exceeded' } });
    const limited = (await runAction(
      clinchpad,
      { apiKey: CLINCHPAD_KEY, pipelineId: CLINCHPAD_PIPELINE, baseUrl: `${cp.url}/api/v1` },
      { recipe, runId: 9 },
    ).catch((e: unknown) => e)) as ActionError;
    expect([limited.kind, limited.retryAfterMs]).toEqual(['transient', 60_000]);
  });
});
