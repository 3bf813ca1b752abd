import { describe, expect, it } from 'vitest';
import type { ActionError } from '../../../electron/engine/actions/action.ts';
import { salesforce, soqlText } from '../../../electron/engine/actions/salesforce.ts';
import { findRecipe } from '../../../electron/engine/recipes/catalog.ts';
import { sampleDelivery } from '../../../electron/engine/recipes/sample-events.ts';
import type { HooktrayEvent } from '../../../shared/events.ts';
import { runAction } from '../../helpers/destinations/action-context.ts';
import { SF_CLIENT_ID, SF_CLIENT_SECRET, startSalesforce } from '../../helpers/destinations/salesforce.ts';
import { startEngine } from '../../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../../helpers/shopify.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { waitUntil } from '../../helpers/wait.ts';

const settings = (url: string, extra: Record<string, unknown> = {}) => ({ loginUrl: url, clientId: SF_CLIENT_ID, clientSecret: SF_CLIENT_SECRET, ...extra });
const order = (email = 'jane.example@example.com'): HooktrayEvent => ({
  ...sampleDelivery(findRecipe('any-order-salesforce')!).event,
  person: { name: 'Jane Example', firstName: 'Jane', lastName: 'Example', email },
});

describe('Salesforce against a Salesforce contract server', () => {
  const recipe = 'any-order-salesforce';

  it('logs in with the client-credentials flow, finds nobody by email, creates the contact and a note of the order', async () => {
    const sf = await startSalesforce();
    const result = await runAction(salesforce, settings(sf.url), { recipe, event: order() });
    const [contact] = sf.people('Contact');
    expect(result.detail).toBe(`Salesforce contact ${contact!.Id} created (jane.example@example.com), with a note`);
    expect(contact!.fields).toEqual({ FirstName: 'Jane', LastName: 'Example', Email: 'jane.example@example.com' });
    expect(sf.notes()[0]!.fields).toMatchObject({ ParentId: contact!.Id, Title: 'New order #1001 from Jane Example: 49.90 EUR' });
    expect(sf.notes()[0]!.fields.Body).toContain('2 x Blue mug');
    expect(sf.requests.map((r) => `${r.method} ${r.path.replace(/v\d+\.\d/, 'vX')} ${r.status}`)).toEqual([
      'POST /services/oauth2/token 200',
      'GET /services/data/vX/query 200',
      'POST /services/data/vX/sobjects/Contact 201',
      'POST /services/data/vX/sobjects/Note 201',
    ]);
    expect(new URLSearchParams(sf.requests[0]!.text).get('grant_type')).toBe('client_credentials');
    expect(sf.requests[1]!.query.get('q')).toBe("SELECT Id FROM Contact WHERE Email = 'jane.example@example.com' ORDER BY CreatedDate LIMIT 1");
  });

  it('updates the contact Salesforce already has for the email, and quotes the email safely in SOQL', async () => {
    const sf = await startSalesforce();
    const tricky = "o'brien\\@example.com";
    expect(soqlText(tricky)).toBe("o\\'brien\\\\@example.com");
    const first = await runAction(salesforce, settings(sf.url), { recipe, event: order(tricky), runId: 1 });
    const second = await runAction(salesforce, settings(sf.url), { recipe, event: order(tricky.toUpperCase()), runId: 2, dataDir: tempDir() });
    expect(sf.people('Contact')).toHaveLength(1);
    expect(first.detail).toMatch(/created/);
    expect(second.detail).toMatch(/ updated \(/);
    expect(sf.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('a ClinchPad lead becomes a Salesforce lead, with a company Salesforce requires', async () => {
    const sf = await startSalesforce();
    await runAction(salesforce, settings(sf.url, { object: 'Lead' }), { recipe: 'clinchpad-lead-salesforce' });
    expect(sf.people('Lead')[0]!.fields).toMatchObject({ LastName: 'Example', Company: 'Example GmbH', Email: 'jane.example@example.com' });
  });

  it('logs in again once when the session expired (401 INVALID_SESSION_ID)', async () => {
    const sf = await startSalesforce();
    const dataDir = tempDir();
    await runAction(salesforce, settings(sf.url), { recipe, event: order('a@example.com'), runId: 1, dataDir });
    sf.expireSessions();
    await runAction(salesforce, settings(sf.url), { recipe, event: order('b@example.com'), runId: 2, dataDir });
    expect(sf.requests.filter((r) => r.path === '/services/oauth2/token')).toHaveLength(2);
    expect(sf.requests.filter((r) => r.status === 401)).toHaveLength(1);
    expect(sf.people('Contact')).toHaveLength(2);
  });

  it('says in words why Salesforce refused to log in (a wrong secret, the flow not enabled), permanent, without the secret', async () => {
    const sf = await startSalesforce();
    const wrong = (await runAction(salesforce, settings(sf.url, { clientSecret: 'not-the-secret-at-all' }), { recipe }).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect([wrong.kind, wrong.message]).toEqual([
      'permanent',
      expect.stringMatching(/^Salesforce refused the consumer key or secret: .*Manage Consumer Details \(invalid_client: invalid client credentials\)$/),
    ]);
    expect(wrong.message).not.toContain('not-the-secret-at-all');
    const off = await startSalesforce({ clientCredentials: false });
    const flow = (await runAction(salesforce, settings(off.url), { recipe }).catch((e: unknown) => e)) as ActionError;
    expect(flow.message).toMatch(/Enable Client Credentials Flow.*Run As user/);
  });

  it('lost answers: a contact whose create answer was lost is found by the next query; a lost note is found by its title', async () => {
    const sf = await startSalesforce();
    const dataDir = tempDir();
    const attempt = (n: number) =>
      runAction(salesforce, settings(sf.url), { recipe, event: order(), runId: 5, attempt: n, dataDir }).catch((e: unknown) => e as ActionError);
    sf.faults.loseCreateAnswers = 1;
    expect(((await attempt(1)) as ActionError).kind).toBe('transient');
    sf.faults.loseCreateAnswers = 1; // now the note's
    expect(((await attempt(2)) as ActionError).kind).toBe('transient');
    const done = await attempt(3);
    expect([sf.people('Contact').length, sf.notes().length]).toEqual([1, 1]);
    // Attempt 2 found the contact its first try made (by the query), attempt 3 the note (by its title).
    expect(done).toEqual({ detail: `Salesforce contact ${sf.people('Contact')[0]!.Id} already there (jane.example@example.com), with a note` });
    expect(sf.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/sobjects/Note'))).toHaveLength(1);
    expect((await attempt(4)) as { detail: string }).toEqual({
      detail: `Salesforce contact ${sf.people('Contact')[0]!.Id} already there (jane.example@example.com), with a note`,
    });
    expect(sf.notes()).toHaveLength(1);
  });

  it('logs in with a refresh token when one is given', async () => {
    const sf = await startSalesforce({ clientCredentials: false });
    await runAction(salesforce, settings(sf.url, { refreshToken: '5Aep861refresh' }), { recipe, event: order() });
    expect(new URLSearchParams(sf.requests[0]!.text).get('grant_type')).toBe('refresh_token');
    expect(sf.people('Contact')).toHaveLength(1);
  });

  it('takes a match of the org’s duplicate rules as the person', async () => {
    const sf = await startSalesforce({ duplicateRule: true });
    const dataDir = tempDir();
    await runAction(salesforce, settings(sf.url), { recipe, event: order('jane@one.example'), runId: 1, dataDir });
    const second = await runAction(salesforce, settings(sf.url), { recipe, event: order('jane@two.example'), runId: 2, dataDir });
    expect(second.detail).toMatch(/already there \(found by your duplicate rules\)/);
    expect(sf.people('Contact')).toHaveLength(1);
    expect(sf.notes()).toHaveLength(2);
  });

  it('new orders → Salesforce in the engine: five orders at once from one customer, 429, 503 and a lost answer: one contact, five notes', async () => {
    const sf = await startSalesforce();
    const { engine, webhooks } = await startEngine({
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      runner: { baseDelayMs: 50, maxDelayMs: 200 },
      recipes: [{ recipe, settings: settings(sf.url) }],
    });
    sf.injectWhen((r) => r.path.endsWith('/sobjects/Contact'), {
      status: 429,
      headers: { 'retry-after': '1' },
      body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'Too many requests' }],
    });
    sf.injectWhen((r) => r.path.endsWith('/query'), { status: 503, body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'down' }] });
    sf.faults.loseCreateAnswers = 1;
    const orders = [1, 2, 3, 4, 5].map((n) => ({
      ...shopifyOrder(500 + n),
      email: 'kim@example.com',
      customer: { id: 9, email: 'kim@example.com', first_name: 'Kim', last_name: 'Lee' },
    }));
    await Promise.all(orders.map((o) => JSON.stringify(o)).map((body) => fetch(webhooks.shopify!, { method: 'POST', headers: shopifyHeaders(body), body })));
    await waitUntil(() => engine.state.runs.list({ status: 'succeeded' }).length === 5, 'all five runs to succeed', 30_000);
    expect(sf.people('Contact')).toHaveLength(1);
    expect(sf.notes().map((n) => n.fields.ParentId)).toEqual(Array(5).fill(sf.people('Contact')[0]!.Id));
  }, 40_000);
});
