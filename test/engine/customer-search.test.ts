import { describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine.ts';
import { SEARCH_INDEXED } from '../../electron/engine/store/text-search.ts';
import { CUSTOMERS, deliverAll, expectAllFound, found, rowsOf, THREE_SHOPS } from '../helpers/customers.ts';
import { startEngine } from '../helpers/engine.ts';
import { FRESHDESK_SECRET, ZENDESK_SECRET, zendeskHeaders, zendeskTicket } from '../helpers/platforms.ts';
import { waitUntil } from '../helpers/wait.ts';

const indexedThrough = (engine: Engine) =>
  Number((engine.state.db.prepare('SELECT value FROM meta WHERE key = ?').get(SEARCH_INDEXED) as { value: string } | undefined)?.value ?? 0);
const lastEvent = (engine: Engine) => (engine.state.db.prepare('SELECT MAX(id) AS id FROM events').get() as { id: number }).id;

describe('search finds the customer by what the owner types', () => {
  it('by email, company, SKU and city, for Shopify, WooCommerce and Stripe, right away and once the trigram index has them', async () => {
    const { engine, webhooks } = await startEngine(THREE_SHOPS);
    await deliverAll(webhooks);
    // Right away the newest events are found by scanning what is not indexed yet; then through the index.
    await expectAllFound(engine);
    await waitUntil(() => indexedThrough(engine) >= lastEvent(engine), 'the text index to take the three orders');
    await expectAllFound(engine);
    // Case does not matter, words may come in any order, and each must match.
    expect(await found(engine, 'montgomery ZELDA')).toEqual(rowsOf('shopify'));
    expect(await found(engine, 'Kyoto Hamburg')).toEqual([]);
    // A phone number typed without its spaces and country sign.
    expect(await found(engine, '3345550192')).toEqual(rowsOf('shopify'));
  });

  it('a journal from before search covered more than the summary gets the rest filled in, and its old index goes', async () => {
    const first = await startEngine(THREE_SHOPS);
    await deliverAll(first.webhooks);
    await waitUntil(() => indexedThrough(first.engine) >= lastEvent(first.engine), 'the index');
    await first.engine.stop();
    // Back to the journal an older Hooktray kept: no events.search, a summary-only trigram index.
    const { DatabaseSync } = await import('node:sqlite');
    const old = new DatabaseSync(`${first.dataDir}/hooktray.db`);
    old.exec(`DROP TABLE events_text; DROP TABLE day_counts; DROP INDEX events_unsearched; ALTER TABLE events DROP COLUMN search; ALTER TABLE runs DROP COLUMN draft; DELETE FROM meta WHERE key = '${SEARCH_INDEXED}';
      CREATE VIRTUAL TABLE events_search USING fts5(summary, content='events', content_rowid='id', tokenize='trigram');
      INSERT INTO events_search (rowid, summary) SELECT id, summary FROM events;
      INSERT INTO meta (key, value) VALUES ('search-indexed-through', (SELECT MAX(id) FROM events));
      PRAGMA user_version = 5;`);
    old.close();

    const { engine } = await startEngine(THREE_SHOPS, { dataDir: first.dataDir });
    // Found by the summary at once, and by everything else once the writer has filled it in (it starts on its own).
    expect(await found(engine, 'Fitzgerald')).toEqual([CUSTOMERS.shopify.summary]);
    await waitUntil(async () => (await found(engine, 'zelda@example.com')).length === 1, 'the older events to get their search text');
    await expectAllFound(engine);
    await waitUntil(() => indexedThrough(engine) >= lastEvent(engine), 'the new index');
    expect(engine.state.db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('events_search', 'search-indexed-through')`).all()).toEqual([]);
    expect(engine.state.db.prepare(`SELECT key FROM meta WHERE key = 'search-indexed-through'`).get()).toBeUndefined();
    expect(engine.state.db.prepare('SELECT COUNT(*) AS n FROM events WHERE search IS NULL').get()).toEqual({ n: 0 });
  });
});

describe('search finds the requester of a ticket and the sender of a form', () => {
  it('by email, ticket number and subject (Zendesk, Freshdesk), and by any field of a website form', async () => {
    const { engine, webhooks } = await startEngine({ sources: { zendesk: { secret: ZENDESK_SECRET }, freshdesk: { secret: FRESHDESK_SECRET } }, paused: true });
    const zendesk = JSON.stringify(
      zendeskTicket(35436, 'ticket.created', { subject: 'Oven thermostat broken', requester: { name: 'Ada Ng', email: 'ada@acme.example', phone: '' } }),
    );
    const freshdesk = JSON.stringify(
      zendeskTicket(812, 'ticket.created', { subject: 'Invoice copy please', requester: { name: 'Bo Lund', email: 'bo@lund-farm.example', phone: '' } }),
    );
    const form = new URLSearchParams({
      name: 'Cleo Park',
      email: 'cleo@park.example',
      company: 'Park Florist',
      city: 'Lisbon',
      message: 'Do you deliver on Sundays?',
    }).toString();
    for (const [url, body, headers] of [
      [webhooks.zendesk!, zendesk, zendeskHeaders(zendesk)],
      [webhooks.freshdesk!, freshdesk, { 'content-type': 'application/json', 'x-hooktray-secret': FRESHDESK_SECRET }],
      [webhooks.form!, form, { 'content-type': 'application/x-www-form-urlencoded' }],
    ] as const)
      expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(200);
    await waitUntil(() => indexedThrough(engine) >= lastEvent(engine), 'the text index to take the three');
    const sourceOf = async (search: string) => (await engine.api['activity.list']({ search })).items.map((i) => i.source);
    for (const search of ['ada@acme.example', '35436', 'thermostat']) expect(await sourceOf(search), search).toEqual(['zendesk']);
    for (const search of ['bo@lund-farm.example', 'invoice copy']) expect(await sourceOf(search), search).toEqual(['freshdesk']);
    for (const search of ['cleo@park.example', 'Park Florist', 'Lisbon', 'sundays']) expect(await sourceOf(search), search).toEqual(['form']);
  });
});
