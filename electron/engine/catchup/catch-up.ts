import type { CatchUpReport } from '../../../shared/catchup.ts';
import type { Settings } from '../../../shared/config.ts';
import type { HooktrayEvent } from '../../../shared/events.ts';
import type { SourceId } from '../../../shared/sources.ts';
import { obj } from '../sources/fields.ts';
import type { SourceDefinition, SourceRequest } from '../sources/source.ts';
import type { Database } from '../store/database.ts';
import type { Inbox } from '../store/inbox.ts';
import { fetchClinchPadLeads } from './clinchpad-api.ts';
import type { FetchSince } from './record.ts';
import { fetchShopifyOrders } from './shopify-api.ts';
import { fetchStripeEvents } from './stripe-api.ts';
import { fetchWooOrders } from './woocommerce-api.ts';

export type { CatchUpReport };

/** Platforms whose API can tell us what we missed. */
export const FETCHERS: Partial<Record<SourceId, FetchSince>> = {
  shopify: fetchShopifyOrders,
  woocommerce: fetchWooOrders,
  stripe: fetchStripeEvents,
  clinchpad: fetchClinchPadLeads,
};

/** Look back this much before the last event seen, for clocks and in-flight deliveries. */
export const OVERLAP_MS = 10 * 60_000;
const MAX_LOOKBACK_MS = 30 * 86_400_000;

export interface CatchUpDeps {
  db: Database;
  inbox: Inbox;
  sources: ReadonlyMap<SourceId, SourceDefinition>;
  settings: () => Settings;
  fetch: typeof fetch;
  now?: () => number;
}

/**
 * Fetches, for each platform with API credentials, what was created or changed since the last
 * event we saw from it, turns it into the same events its webhooks produce (same identity), and
 * lets the inbox keep exactly those it never saw: they run once, marked as caught up.
 */
export async function catchUp(deps: CatchUpDeps, options: { since?: Date; dryRun?: boolean; only?: SourceId } = {}): Promise<CatchUpReport[]> {
  const reports: CatchUpReport[] = [];
  const now = deps.now ?? Date.now;
  for (const [id, fetcher] of Object.entries(FETCHERS) as [SourceId, FetchSince][]) {
    if (options.only && options.only !== id) continue;
    const source = deps.sources.get(id);
    const api = obj(obj(deps.settings().sources[id]).api);
    const report: CatchUpReport = { source: id, fetched: 0, fresh: 0, runs: 0, summaries: [] };
    reports.push(report);
    if (!source) continue;
    if (Object.keys(api).length === 0) {
      report.skipped = 'no API credentials';
      continue;
    }
    const since = options.since ?? sinceFor(deps.db, id, now());
    if (!since) {
      report.skipped = 'nothing missed: no event from it yet and no time offline';
      continue;
    }
    report.since = since.toISOString();
    try {
      const records = await fetcher(api, since, deps.fetch);
      report.fetched = records.length;
      // Without a time filter (ClinchPad) the first look would call every old lead "new".
      const baseline = id === 'clinchpad' && !hasBaseline(deps.db, id);
      report.baseline = baseline || undefined;
      for (const record of records) {
        const body = Buffer.from(JSON.stringify(record.payload));
        const req: SourceRequest = { method: 'POST', headers: record.headers, query: {}, rawBody: body, contentType: 'application/json', receivedAt: now() };
        const events = source.normalise(req, record.payload).filter((e) => e.type !== 'other' && !isKnown(deps.db, e));
        if (events.length === 0) continue;
        report.fresh += events.length;
        report.summaries.push(...events.map((e) => e.summary));
        if (options.dryRun) continue;
        const result = await deps.inbox.accept({
          source: id,
          platformEvent: record.platformEvent,
          origin: 'catch-up',
          receivedAt: now(),
          headers: { 'content-type': 'application/json', 'x-hooktray-origin': 'catch-up' },
          body,
          events,
          payload: record.payload,
          silent: baseline,
        });
        report.runs += result.runIds.length;
      }
      if (baseline && !options.dryRun) markBaseline(deps.db, id);
    } catch (error) {
      report.error = (error as Error).message;
    }
  }
  return reports;
}

function isKnown(db: Database, event: HooktrayEvent): boolean {
  return db.prepare('SELECT 1 FROM events WHERE source = ? AND key = ?').get(event.source, event.key) !== undefined;
}

function hasBaseline(db: Database, source: SourceId): boolean {
  return db.prepare('SELECT 1 FROM meta WHERE key = ?').get(`catch-up-baseline:${source}`) !== undefined;
}

function markBaseline(db: Database, source: SourceId): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(`catch-up-baseline:${source}`, new Date().toISOString());
}

/** The last event seen from the source, less the overlap; else the start of the oldest recent offline period. */
function sinceFor(db: Database, source: SourceId, now: number): Date | undefined {
  const last = db.prepare('SELECT received_at AS at FROM events WHERE source = ? ORDER BY id DESC LIMIT 1').get(source) as { at: number } | undefined;
  const floor = now - MAX_LOOKBACK_MS;
  if (last) return new Date(Math.max(last.at - OVERLAP_MS, floor));
  const offline = db.prepare('SELECT MIN(started_at) AS at FROM offline_periods WHERE started_at >= ?').get(floor) as { at: number | null };
  return offline.at !== null ? new Date(offline.at - OVERLAP_MS) : undefined;
}
