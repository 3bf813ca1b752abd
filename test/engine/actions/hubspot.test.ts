import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../electron/engine/actions/action.ts';
import { hubspot } from '../../../electron/engine/actions/hubspot.ts';
import { RecipeSet } from '../../../electron/engine/recipes/recipe-set.ts';
import { CATALOG } from '../../../electron/engine/recipes/catalog.ts';
import { ACTIONS } from '../../../electron/engine/actions/index.ts';
import type { HooktrayEvent } from '../../../shared/events.ts';
import { runAction } from '../../helpers/destinations/action-context.ts';
import { HUBSPOT_TOKEN, startHubSpot } from '../../helpers/destinations/hubspot.ts';

const RECIPE = 'shopify-customer-hubspot';

function customer(email: string, overrides: Partial<HooktrayEvent> = {}): HooktrayEvent {
  return {
    type: 'customer.created',
    source: 'shopify',
    platformEvent: 'customers/create',
    key: `customer:${email}`,
    occurredAt: '2026-11-20T10:15:00.000Z',
    summary: `New customer ${email}`,
    person: { name: 'Jane Doe', firstName: 'Jane', lastName: 'Doe', email, phone: '+49 30 1234567' },
    data: {},
    ...overrides,
  };
}

describe('HubSpot action against a HubSpot contract server', () => {
  it('creates a contact when none has the email, with the documented auth and body', async () => {
    const hs = await startHubSpot();
    const result = await runAction(hubspot, { token: HUBSPOT_TOKEN, baseUrl: hs.url }, { recipe: RECIPE, event: customer('Jane@Example.com') });
    expect(result.detail).toMatch(/^HubSpot contact \d+ created \(jane@example.com\)$/);
    expect([...hs.contacts.values()].map((c) => c.properties)).toEqual([
      { email: 'jane@example.com', firstname: 'Jane', lastname: 'Doe', phone: '+49 30 1234567' },
    ]);
    expect(hs.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'PATCH /crm/v3/objects/contacts/jane%40example.com 404',
      'POST /crm/v3/objects/contacts 201',
    ]);
    expect(hs.requests[0]!.query.get('idProperty')).toBe('email');
  });

  it('updates instead of duplicating on a second run and on a retry of the same run', async () => {
    const hs = await startHubSpot();
    const settings = { token: HUBSPOT_TOKEN, baseUrl: hs.url };
    await runAction(hubspot, settings, { recipe: RECIPE, event: customer('jane@example.com') });
    const again = await runAction(hubspot, settings, {
      recipe: RECIPE,
      event: customer('jane@example.com', { person: { email: 'jane@example.com', phone: '+49 170 000' } }),
    });
    await runAction(hubspot, settings, { recipe: RECIPE, event: customer('jane@example.com'), attempt: 2 });
    expect(again.detail).toMatch(/updated/);
    expect(hs.contacts.size).toBe(1);
    expect([...hs.contacts.values()][0]!.properties.phone).toBe('+49 30 1234567');
  });

  it('a create that loses the race (409 "Contact already exists. Existing ID: N") updates that contact', async () => {
    const hs = await startHubSpot();
    const settings = { token: HUBSPOT_TOKEN, baseUrl: hs.url };
    await runAction(hubspot, settings, { recipe: RECIPE, event: customer('jane@example.com') });
    const [existing] = [...hs.contacts.keys()];
    // HubSpot's lookup by email lags just after a create elsewhere: the PATCH misses it.
    hs.inject({ status: 404, body: { status: 'error', message: 'resource not found', category: 'OBJECT_NOT_FOUND' } });
    const result = await runAction(hubspot, settings, { recipe: RECIPE, event: customer('jane@example.com') });
    expect(hs.requests.slice(-3).map((r) => `${r.method} ${r.status}`)).toEqual(['PATCH 404', 'POST 409', 'PATCH 200']);
    expect(hs.requests.at(-1)!.path).toBe(`/crm/v3/objects/contacts/${existing}`);
    expect(result.detail).toContain(`${existing} updated`);
    expect(hs.contacts.size).toBe(1);
  });

  it('explains a refused token and an unknown property as permanent failures', async () => {
    const hs = await startHubSpot();
    const wrong = await runAction(hubspot, { token: 'pat-eu1-wrong-token', baseUrl: hs.url }, { recipe: RECIPE, event: customer('a@example.com') }).catch(
      (e: unknown) => e,
    );
    expect(wrong).toBeInstanceOf(ActionError);
    expect((wrong as ActionError).kind).toBe('permanent');
    expect((wrong as ActionError).message).toMatch(/HubSpot refused the token: .*Private apps.*crm\.objects\.contacts\.write.*401/);
    expect((wrong as ActionError).message).not.toContain('pat-eu1-wrong-token');
  });

  it('treats 429 as transient with the Retry-After it asks for, and 5xx as transient', async () => {
    const hs = await startHubSpot();
    const settings = { token: HUBSPOT_TOKEN, baseUrl: hs.url };
    hs.inject({
      status: 429,
      headers: { 'retry-after': '3' },
      body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' },
    });
    const limited = (await runAction(hubspot, settings, { recipe: RECIPE, event: customer('b@example.com') }).catch((e: unknown) => e)) as ActionError;
    expect([limited.kind, limited.retryAfterMs]).toEqual(['transient', 3000]);
    hs.inject({ status: 429, body: { status: 'error', message: 'You have reached your ten secondly limit.', policyName: 'TEN_SECONDLY_ROLLING' } });
    const noHeader = (await runAction(hubspot, settings, { recipe: RECIPE, event: customer('b@example.com') }).catch((e: unknown) => e)) as ActionError;
    expect(noHeader.retryAfterMs).toBe(10_000);
    hs.inject({ status: 502, body: 'Bad Gateway' });
    const down = (await runAction(hubspot, settings, { recipe: RECIPE, event: customer('b@example.com') }).catch((e: unknown) => e)) as ActionError;
    expect([down.kind, down.retryAfterMs]).toEqual(['transient', undefined]);
    expect(hs.contacts.size).toBe(0);
  });

  it('refuses an event without an email (no anonymous duplicates) and bad settings by field', async () => {
    const hs = await startHubSpot();
    const error = (await runAction(
      hubspot,
      { token: HUBSPOT_TOKEN, baseUrl: hs.url },
      { recipe: RECIPE, event: customer('x@example.com', { person: { name: 'No Mail' } }) },
    ).catch((e: unknown) => e)) as ActionError;
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/no email address/);
    expect(hs.requests).toHaveLength(0);
    expect(() => RecipeSet.resolve([{ recipe: RECIPE, enabled: true, settings: { baseUrl: 'ftp://x' } }], CATALOG, ACTIONS)).toThrow(
      'recipes[0].settings.token: paste the access token of your HubSpot private app (it starts with "pat-"); recipes[0].settings.baseUrl: must be a web address starting with https://',
    );
  });
});
