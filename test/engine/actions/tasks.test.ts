import { describe, expect, it } from 'vitest';
import type { ActionError } from '../../../electron/engine/actions/action.ts';
import { asana } from '../../../electron/engine/actions/asana.ts';
import { trello } from '../../../electron/engine/actions/trello.ts';
import { findRecipe } from '../../../electron/engine/recipes/catalog.ts';
import { sampleDelivery } from '../../../electron/engine/recipes/sample-events.ts';
import { runAction } from '../../helpers/destinations/action-context.ts';
import { ASANA_PROJECT, ASANA_TOKEN, startAsana, startTrello, TRELLO_BOARD, TRELLO_KEY, TRELLO_LIST, TRELLO_TOKEN } from '../../helpers/destinations/tasks.ts';
import { startEngine } from '../../helpers/engine.ts';
import { FRESHDESK_SECRET, ZENDESK_SECRET, zendeskHeaders, zendeskTicket } from '../../helpers/platforms.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { waitUntil } from '../../helpers/wait.ts';

const services = { fetch } as never;
const trelloSettings = (url: string, extra: Record<string, unknown> = {}) => ({
  key: TRELLO_KEY,
  token: TRELLO_TOKEN,
  boardId: TRELLO_BOARD,
  listId: TRELLO_LIST,
  baseUrl: url,
  ...extra,
});
const asanaSettings = (url: string, extra: Record<string, unknown> = {}) => ({ token: ASANA_TOKEN, projectId: ASANA_PROJECT, baseUrl: url, ...extra });

describe('Trello card', () => {
  const recipe = 'zendesk-ticket-trello';

  it('a ticket becomes a card: its subject, who asked, the link attached, a due date, the run’s reference', async () => {
    const t = await startTrello();
    const result = await runAction(trello, trelloSettings(t.url, { dueDays: '2' }), {
      recipe,
      event: { ...sampleDelivery(findRecipe(recipe)!).event, occurredAt: '2026-11-20T10:00:00.000Z' },
    });
    expect(t.cards).toHaveLength(1);
    const [card] = t.cards;
    expect(result.detail).toBe(`Trello card ${card!.id} created`);
    expect(card).toMatchObject({
      name: 'Ticket #1001: The blue mug arrived broken',
      due: '2026-11-22T12:00:00.000Z',
      urlSource: 'https://example.zendesk.com/agent/tickets/1001',
    });
    expect(card!.desc).toMatch(
      /^From: Jane Example <jane\.example@example\.com>\nPriority: High\nStatus: New\n\nHello, the mug from order #1001 arrived in pieces\.\nCan you send a new one\?\n\nhttps:\/\/example\.zendesk\.com\/agent\/tickets\/1001\n\n— Hooktray [0-9a-f]{10}$/,
    );
  });

  it('a lost answer is looked for before creating again; a retry of a finished run makes nothing; a 429 made nothing', async () => {
    const t = await startTrello();
    const dataDir = tempDir();
    t.faults.loseCreateAnswers = 1;
    const attempt = (runId: number, n: number) =>
      runAction(trello, trelloSettings(t.url), { recipe, runId, attempt: n, dataDir }).catch((e: unknown) => e as ActionError);
    expect(((await attempt(1, 1)) as ActionError).kind).toBe('transient');
    expect(await attempt(1, 2)).toEqual({ detail: `Trello card ${t.cards[0]!.id} already made for this event` });
    expect(await attempt(1, 3)).toEqual({ detail: `Trello card ${t.cards[0]!.id} already made for this event` });
    t.injectWhen((r) => r.method === 'POST', { status: 429, body: { error: 'API_TOKEN_LIMIT_EXCEEDED', message: 'Rate limit exceeded' } });
    const limited = (await attempt(2, 1)) as ActionError;
    expect([limited.kind, limited.rateLimited, limited.retryAfterMs]).toEqual(['transient', true, 10_000]);
    await attempt(2, 2);
    expect(t.cards).toHaveLength(2);
    expect(t.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /1/cards 504',
      `GET /1/lists/${TRELLO_LIST}/cards 200`,
      'POST /1/cards 429',
      'POST /1/cards 200',
    ]);
  });

  it('explains a wrong token and an unknown list as permanent, never showing the token', async () => {
    const t = await startTrello();
    const token = (await runAction(trello, trelloSettings(t.url, { token: 'x'.repeat(64) }), { recipe }).catch((e: unknown) => e)) as ActionError;
    expect([token.kind, token.message]).toEqual(['permanent', expect.stringMatching(/^Trello refused the API key or token: .*invalid token/)]);
    expect(token.message).not.toContain('x'.repeat(64));
    const list = (await runAction(trello, trelloSettings(t.url, { listId: '5f1a2b3c4d5e6f7a8b9c0dff' }), { recipe }).catch((e: unknown) => e)) as ActionError;
    expect([list.kind, list.message]).toEqual(['permanent', expect.stringMatching(/^Trello refused the card .*invalid value for idList/)]);
  });

  it('lists boards, then the lists of the board picked', async () => {
    const t = await startTrello();
    const ctx = { services, signal: AbortSignal.timeout(5000) };
    expect(await trello.choices!('boardId', { key: TRELLO_KEY, token: TRELLO_TOKEN, baseUrl: t.url }, ctx)).toEqual([
      { value: TRELLO_BOARD, label: 'Support' },
    ]);
    await expect(trello.choices!('listId', { key: TRELLO_KEY, token: TRELLO_TOKEN, baseUrl: t.url }, ctx)).rejects.toThrow(/pick the board first/);
    expect(await trello.choices!('listId', { key: TRELLO_KEY, token: TRELLO_TOKEN, boardId: TRELLO_BOARD, baseUrl: t.url }, ctx)).toEqual([
      { value: TRELLO_LIST, label: 'Inbox' },
      { value: '5f1a2b3c4d5e6f7a8b9c0d30', label: 'Done' },
    ]);
  });

  it('Zendesk → Trello in the engine: one ticket delivered five times at once, a 503 and a lost answer: one card; another ticket: its own card', async () => {
    const t = await startTrello();
    const { engine, webhooks } = await startEngine({
      sources: { zendesk: { secret: ZENDESK_SECRET } },
      runner: { baseDelayMs: 50, maxDelayMs: 200 },
      recipes: [{ recipe, settings: trelloSettings(t.url) }],
    });
    t.inject({ status: 503, body: 'Service Unavailable' });
    t.faults.loseCreateAnswers = 1;
    const body = JSON.stringify(zendeskTicket(4242));
    // Zendesk's retries carry new invocation ids; the ticket is still the same.
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        fetch(webhooks.zendesk!, { method: 'POST', headers: zendeskHeaders(body), body }).then((r) => r.json() as Promise<{ runs: number }>),
      ),
    );
    expect(answers.map((a) => a.runs).sort()).toEqual([0, 0, 0, 0, 1]);
    const other = JSON.stringify(zendeskTicket(4243, 'ticket.created', { subject: 'Where is my parcel?' }));
    await fetch(webhooks.zendesk!, { method: 'POST', headers: zendeskHeaders(other), body: other });
    const { runs } = engine.state;
    await waitUntil(() => runs.list({ status: 'succeeded' }).length === 2, 'both runs to succeed', 20_000);
    expect(t.cards.map((c) => c.name).sort()).toEqual(['Ticket #4242: Printer on fire', 'Ticket #4243: Where is my parcel?']);
  });
});

describe('Asana task', () => {
  const recipe = 'any-ticket-asana';

  it('a ticket becomes a task in the project, with notes, a due date and the run’s reference', async () => {
    const a = await startAsana();
    const result = await runAction(asana, asanaSettings(a.url, { dueDays: 3 }), {
      recipe,
      event: { ...sampleDelivery(findRecipe(recipe)!).event, occurredAt: '2026-11-20T10:00:00.000Z' },
    });
    expect(a.tasks).toHaveLength(1);
    expect(result.detail).toBe(`Asana task ${a.tasks[0]!.gid} created`);
    expect(a.tasks[0]).toMatchObject({ name: 'Ticket #1001: The blue mug arrived broken', projects: [ASANA_PROJECT], due_on: '2026-11-23' });
    expect(a.tasks[0]!.notes).toMatch(/Hello, the mug from order #1001 arrived in pieces\.[\s\S]*— Hooktray [0-9a-f]{10}$/);
    expect(a.requests[0]!.json).toMatchObject({ data: { name: 'Ticket #1001: The blue mug arrived broken', projects: [ASANA_PROJECT] } });
  });

  it('a lost answer is found by its reference among tasks changed since; a finished run is not made again', async () => {
    const a = await startAsana();
    const dataDir = tempDir();
    a.faults.loseCreateAnswers = 1;
    const attempt = (n: number) => runAction(asana, asanaSettings(a.url), { recipe, runId: 7, attempt: n, dataDir }).catch((e: unknown) => e as ActionError);
    expect(((await attempt(1)) as ActionError).kind).toBe('transient');
    expect(await attempt(2)).toEqual({ detail: `Asana task ${a.tasks[0]!.gid} already made for this event` });
    expect(await attempt(3)).toEqual({ detail: `Asana task ${a.tasks[0]!.gid} already made for this event` });
    expect(a.tasks).toHaveLength(1);
    expect(a.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /api/1.0/tasks 504', 'GET /api/1.0/tasks 200']);
    expect(a.requests[1]!.query.get('modified_since')).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('explains a wrong token, an unknown project, and waits as a 429 Retry-After says', async () => {
    const a = await startAsana();
    const token = (await runAction(asana, asanaSettings(a.url, { token: '2/1/2:ffffffffffffffffffffffff' }), { recipe }).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect([token.kind, token.message]).toEqual(['permanent', expect.stringMatching(/^Asana refused the token: .*Not Authorized/)]);
    const project = (await runAction(asana, asanaSettings(a.url, { projectId: '42' }), { recipe }).catch((e: unknown) => e)) as ActionError;
    expect([project.kind, project.message]).toEqual(['permanent', expect.stringMatching(/^Asana does not know this project/)]);
    a.inject({ status: 429, headers: { 'retry-after': '30' }, body: { errors: [{ message: 'Rate Limit Enforced' }] } });
    const limited = (await runAction(asana, asanaSettings(a.url), { recipe }).catch((e: unknown) => e)) as ActionError;
    expect([limited.kind, limited.retryAfterMs]).toEqual(['transient', 30_000]);
  });

  it('lists every project of every workspace, page after page', async () => {
    const a = await startAsana();
    const choices = await asana.choices!('projectId', { token: ASANA_TOKEN, baseUrl: a.url }, { services, signal: AbortSignal.timeout(5000) });
    expect(choices).toHaveLength(130);
    expect(choices[0]).toEqual({ value: ASANA_PROJECT, label: 'Berg Bakery / Customer support' });
  });

  it('Freshdesk → Asana in the engine: the same ticket five times at once and a lost answer: one task', async () => {
    const a = await startAsana();
    const { engine, webhooks } = await startEngine({
      sources: { freshdesk: { secret: FRESHDESK_SECRET } },
      runner: { baseDelayMs: 50, maxDelayMs: 200 },
      recipes: [{ recipe, settings: asanaSettings(a.url) }],
    });
    a.faults.loseCreateAnswers = 1;
    const body = JSON.stringify(zendeskTicket(77));
    await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        fetch(webhooks.freshdesk!, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hooktray-secret': FRESHDESK_SECRET }, body }),
      ),
    );
    await waitUntil(() => engine.state.runs.list({ status: 'succeeded' }).length === 1, 'the run to succeed', 20_000);
    expect(a.tasks).toHaveLength(1);
    expect(engine.state.runs.list()).toHaveLength(1);
  });
});
