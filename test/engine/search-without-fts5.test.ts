import type * as Sqlite from 'node:sqlite';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * A SQLite built without FTS5, or with an FTS5 older than its trigram tokenizer, as Electron's
 * node:sqlite may be. The real node:sqlite of this Node, except that statements needing the
 * missing part fail with SQLite's own message, as such a build answers them.
 */
const missing = vi.hoisted(() => ({ part: undefined as 'fts5' | 'trigram' | undefined }));
vi.mock('node:sqlite', async (importOriginal) => {
  const real = await importOriginal<typeof Sqlite>();
  const refuse = (sql: string) => {
    // Making an FTS5 table, or reading or writing one that exists: what needs the module.
    if (missing.part === 'fts5' && /USING\s+fts5|(?:FROM|INTO|UPDATE|JOIN)\s+events_(?:search|text)\b/i.test(sql))
      throw Object.assign(new Error('no such module: fts5'), { code: 'ERR_SQLITE_ERROR', errcode: 1 });
    if (missing.part === 'trigram' && /tokenize\s*=\s*'trigram'/i.test(sql))
      throw Object.assign(new Error('no such tokenizer: trigram'), { code: 'ERR_SQLITE_ERROR', errcode: 1 });
  };
  class DatabaseSync extends real.DatabaseSync {
    override exec(sql: string): void {
      refuse(sql);
      super.exec(sql);
    }
    override prepare(sql: string, ...rest: never[]) {
      refuse(sql);
      return super.prepare(sql, ...rest);
    }
  }
  return { ...real, DatabaseSync, default: { ...real, DatabaseSync } };
});

const { startEngine } = await import('../helpers/engine.ts');
const { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } = await import('../helpers/shopify.ts');
const { waitUntil } = await import('../helpers/wait.ts');
const { THREE_SHOPS, deliverAll, expectAllFound } = await import('../helpers/customers.ts');

function recordingLogger() {
  const lines: { level: number; msg: string; reason?: string }[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString())), done()) }));
  return { logger, lines };
}

describe.each(['fts5', 'trigram'] as const)('the journal on a SQLite without %s', (part) => {
  beforeEach(() => {
    missing.part = part;
    return () => (missing.part = undefined);
  });

  it('starts, keeps deliveries, finds them by a plain scan, and says so in the log once', async () => {
    const { logger, lines } = recordingLogger();
    const { engine, webhooks } = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } }, paused: true }, { logger });
    for (let n = 1; n <= 4; n++) {
      const body = JSON.stringify(shopifyOrder(n));
      expect((await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body), body })).status).toBe(200);
    }
    const api = engine.api;
    expect((await api['activity.list']({})).items).toHaveLength(4);
    expect((await api['activity.list']({ search: '1003' })).items.map((i) => i.summary)).toEqual(['Order #1003 from Jane Doe 3, 49.90 EUR']);
    expect((await api['activity.list']({ search: 'JANE #1002' })).items).toHaveLength(1);
    expect((await api['activity.count']({ search: 'doe' })).total).toBe(4);
    expect(engine.state.db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('events_search', 'events_text')`).get()).toBeUndefined();

    const notes = lines.filter((l) => /FTS5 trigram/.test(l.msg));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ level: 40, reason: part === 'fts5' ? 'no such module: fts5' : 'no such tokenizer: trigram' });
  });

  it('finds the customer by email, company, SKU and city by scanning, for Shopify, WooCommerce and Stripe', async () => {
    const { engine, webhooks } = await startEngine(THREE_SHOPS);
    await deliverAll(webhooks);
    await expectAllFound(engine);
  });

  it('opens a journal that has the index, made by a SQLite that had it, and searches it by scanning', async () => {
    missing.part = undefined;
    const first = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } }, paused: true });
    const body = JSON.stringify(shopifyOrder(42));
    await fetch(first.webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body), body });
    await waitUntil(() => first.engine.state.db.prepare(`SELECT value FROM meta WHERE key = 'text-indexed-through'`).get(), 'search index filled');
    await first.engine.stop();

    missing.part = part;
    const { engine } = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } }, paused: true }, { dataDir: first.dataDir });
    expect((await engine.api['activity.list']({ search: '1042' })).items.map((i) => i.summary)).toEqual(['Order #1042 from Jane Doe 42, 49.90 EUR']);
  });
});
