import { describe, expect, it } from 'vitest';
import type { ActionError } from '../../../electron/engine/actions/action.ts';
import { clinchpad } from '../../../electron/engine/actions/clinchpad.ts';
import { pipedrive } from '../../../electron/engine/actions/pipedrive.ts';
import { findRecipe } from '../../../electron/engine/recipes/catalog.ts';
import { sampleDelivery } from '../../../electron/engine/recipes/sample-events.ts';
import type { HooktrayEvent } from '../../../shared/events.ts';
import { runAction } from '../../helpers/destinations/action-context.ts';
import { CLINCHPAD_KEY, CLINCHPAD_PIPELINE, startClinchPad } from '../../helpers/destinations/clinchpad.ts';
import { PIPEDRIVE_TOKEN, startPipedrive } from '../../helpers/destinations/pipedrive.ts';
import { startEngine } from '../../helpers/engine.ts';
import { mailchimpForm } from '../../helpers/platforms.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { waitUntil } from '../../helpers/wait.ts';

/** Pipedrive's search shows a new person only after this long (the audit measured a few seconds). */
const LAG_MS = 5_000;

/** A Mailchimp subscribe to one audience: its own member id and list id, fired in the same second. */
function subscribe(email: string, audience: number): string {
  const form = new URLSearchParams(mailchimpForm('subscribe', email, '2026-11-20 10:15:00'));
  form.set('data[id]', `member-${audience}`);
  form.set('data[list_id]', `list-${audience}`);
  return form.toString();
}

async function engineFor(pdUrl: string, dataDir: string) {
  return startEngine(
    {
      runner: { baseDelayMs: 50, maxDelayMs: 200 },
      recipes: [{ recipe: 'mailchimp-subscriber-pipedrive', settings: { token: PIPEDRIVE_TOKEN, baseUrl: pdUrl } }],
    },
    { dataDir },
  );
}

async function deliver(url: string, body: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  expect(await res.json()).toMatchObject({ duplicate: false, runs: 1 });
}

describe('Pipedrive persons under concurrency and restarts (search index lagging 5 s)', () => {
  it('one email joining five audiences at once: one person, and every run says which', async () => {
    const pd = await startPipedrive({ searchLagMs: LAG_MS });
    const { engine, webhooks } = await engineFor(pd.url, tempDir());
    await Promise.all([1, 2, 3, 4, 5].map((audience) => deliver(webhooks.mailchimp, subscribe('mia@example.com', audience))));
    const { runs } = engine.state;
    await waitUntil(() => runs.list({ status: 'succeeded' }).length === 5, 'all five runs to succeed');
    expect(pd.persons).toHaveLength(1);
    const details = runs
      .list()
      .map((r) => r.detail)
      .sort();
    expect(details).toEqual(
      [...Array(4).fill('Pipedrive person 100 already there (mia@example.com)'), 'Pipedrive person 100 created (mia@example.com)'].sort(),
    );
  });

  it('a restart inside the search lag: the run after it finds the person by the id remembered on disk', async () => {
    const pd = await startPipedrive({ searchLagMs: 60_000 });
    const dataDir = tempDir();
    const first = await engineFor(pd.url, dataDir);
    await deliver(first.webhooks.mailchimp, subscribe('leo@example.com', 1));
    await waitUntil(() => first.engine.state.runs.list({ status: 'succeeded' }).length === 1, 'the first run to succeed');
    await first.engine.stop();

    const second = await engineFor(pd.url, dataDir);
    await deliver(second.webhooks.mailchimp, subscribe('leo@example.com', 2));
    const { runs } = second.engine.state;
    await waitUntil(() => runs.list({ status: 'succeeded' }).length === 2, 'the second run to succeed');
    expect(pd.persons).toHaveLength(1);
    expect(runs.list()[0]!.detail).toBe('Pipedrive person 100 already there (leo@example.com)');
    expect(pd.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toContain('/v1/persons/100');
  });

  it('a create whose answer was lost holds back another run for the same email (e.g. after a crash), not only its own retry', async () => {
    const pd = await startPipedrive({ searchLagMs: 60_000 });
    pd.faults.loseCreateAnswers = 1;
    const dataDir = tempDir();
    const settings = { token: PIPEDRIVE_TOKEN, baseUrl: pd.url };
    const run = (runId: number) =>
      runAction(pipedrive, settings, { recipe: 'mailchimp-subscriber-pipedrive', event: subscriber('ivy@example.com'), runId, dataDir }).catch(
        (e: unknown) => e as ActionError,
      );
    expect(((await run(1)) as ActionError).kind).toBe('transient');
    const other = (await run(2)) as ActionError;
    expect(other.message).toMatch(/got no answer, and Pipedrive's search does not show the person yet/);
    expect(pd.persons).toHaveLength(1);
  });

  it('a remembered person deleted in Pipedrive meanwhile is created again, not reported as there', async () => {
    const pd = await startPipedrive();
    const dataDir = tempDir();
    const settings = { token: PIPEDRIVE_TOKEN, baseUrl: pd.url };
    const run = (runId: number) =>
      runAction(pipedrive, settings, { recipe: 'mailchimp-subscriber-pipedrive', event: subscriber('zoe@example.com'), runId, dataDir });
    expect((await run(1)).detail).toBe('Pipedrive person 100 created (zoe@example.com)');
    pd.persons[0]!.deleted = true;
    expect((await run(2)).detail).toBe('Pipedrive person 101 created (zoe@example.com)');
    expect((await run(3)).detail).toBe('Pipedrive person 101 already there (zoe@example.com)');
  });
});

describe('ClinchPad contacts for a customer who orders again', () => {
  it('two orders from one customer at once: two leads sharing one contact; a contact deleted in ClinchPad is made again', async () => {
    const cp = await startClinchPad();
    const dataDir = tempDir();
    const settings = { apiKey: CLINCHPAD_KEY, pipelineId: CLINCHPAD_PIPELINE, baseUrl: `${cp.url}/api/v1` };
    const { event } = sampleDelivery(findRecipe('shopify-order-clinchpad')!);
    const order = (runId: number) =>
      runAction(clinchpad, settings, { recipe: 'shopify-order-clinchpad', event: { ...event, key: `order:${runId}` }, runId, dataDir });
    const [first, second] = await Promise.all([order(1), order(2)]);
    expect(cp.contacts.size).toBe(1);
    const [contactId] = [...cp.contacts.keys()];
    expect([...cp.leads.values()].map((l) => l.contacts)).toEqual([[contactId], [contactId]]);
    expect([first.detail, second.detail].filter((d) => d?.includes('with the existing contact'))).toHaveLength(1);

    cp.contacts.delete(contactId!);
    const third = await order(3);
    expect(cp.contacts.size).toBe(1);
    const [newId] = [...cp.contacts.keys()];
    expect(newId).not.toBe(contactId);
    expect([...cp.leads.values()].at(-1)!.contacts).toEqual([newId]);
    expect(third.detail).toMatch(new RegExp(`created with contact ${newId} `));
    expect((await order(4)).detail).toContain(`with the existing contact ${newId}`);
  });
});

function subscriber(email: string): HooktrayEvent {
  return {
    type: 'contact.created',
    source: 'mailchimp',
    platformEvent: 'subscribe',
    key: `member:${email}`,
    occurredAt: '2026-11-20T10:15:00.000Z',
    summary: `New subscriber ${email}`,
    person: { name: 'Sam Subscriber', email },
    data: {},
  };
}
