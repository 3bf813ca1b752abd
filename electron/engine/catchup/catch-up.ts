import type { CatchUpReport } from '../../../shared/catchup.ts';
import type { Settings } from '../../../shared/config.ts';
import type { HooktrayEvent } from '../../../shared/events.ts';
import { describeShapeProblem, payloadShapeProblem } from '../../../shared/payload-limits.ts';
import { platform } from '../../../shared/sources.ts';
import type { SourceId } from '../../../shared/sources.ts';
import type { RecipeSet } from '../recipes/recipe-set.ts';
import { obj } from '../sources/fields.ts';
import type { SourceDefinition, SourceRequest } from '../sources/source.ts';
import type { Database } from '../store/database.ts';
import type { Inbox } from '../store/inbox.ts';
import { CatchUpError } from './api-fetch.ts';
import { CatchUpState } from './catch-up-state.ts';
import { fetchClinchPadLeads } from './clinchpad-api.ts';
import type { FetchSince, WantedEvents } from './record.ts';
import { fetchShopify } from './shopify-api.ts';
import { fetchStripeEvents } from './stripe-api.ts';
import { fetchWoo } from './woocommerce-api.ts';

export type { CatchUpReport };

/** Platforms whose API can tell us what we missed. */
export const FETCHERS: Partial<Record<SourceId, FetchSince>> = {
  shopify: fetchShopify,
  woocommerce: fetchWoo,
  stripe: fetchStripeEvents,
  clinchpad: fetchClinchPadLeads,
};

/** Look back this much more, for clocks and deliveries in flight. */
export const OVERLAP_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

export interface CatchUpDeps {
  db: Database;
  inbox: Inbox;
  sources: ReadonlyMap<SourceId, SourceDefinition>;
  settings: () => Settings;
  fetch: typeof fetch;
  /** The owner's recipes: which events are worth fetching, and what a dry run would run. */
  recipes?: () => RecipeSet;
  now?: () => number;
}

export interface CatchUpOptions {
  since?: Date;
  dryRun?: boolean;
  /** Only these platforms (a timed retry of the ones that failed). */
  only?: readonly SourceId[];
  /** Told when each platform's catch-up starts and ends (the offline screen says "catching up…"). */
  progress?: (source: SourceId, phase: 'start' | 'end') => void;
}

/**
 * Fetches, for each platform with API credentials, what was created or changed since it was
 * last caught up (or since it went offline), turns it into the same events its webhooks produce
 * (same identity), and lets the inbox keep exactly those it never saw: they run once, marked as
 * caught up. A platform's "caught up through" mark moves only when its catch-up succeeded.
 */
export async function catchUp(deps: CatchUpDeps, options: CatchUpOptions = {}): Promise<CatchUpReport[]> {
  const reports: CatchUpReport[] = [];
  const now = deps.now ?? Date.now;
  const state = new CatchUpState(deps.db);
  for (const [id, fetcher] of Object.entries(FETCHERS) as [SourceId, FetchSince][]) {
    if (options.only && !options.only.includes(id)) continue;
    const source = deps.sources.get(id);
    const api = obj(obj(deps.settings().sources[id]).api);
    const report: CatchUpReport = { source: id, fetched: 0, fresh: 0, runs: 0, summaries: [] };
    reports.push(report);
    if (!source) continue;
    if (Object.keys(api).length === 0) {
      report.skipped = 'no API credentials';
      continue;
    }
    // The event types enabled recipes want from this platform; undefined when recipes are not known.
    const wanted: WantedEvents = deps.recipes?.().wantedEvents(id);
    if (wanted?.size === 0) {
      report.skipped = 'no recipe is on for it';
      continue;
    }
    const startedAt = now();
    const automatic = sinceFor(deps.db, state, id, startedAt);
    const since = options.since ?? automatic;
    if (!since) {
      report.skipped = 'nothing missed: no event from it yet and no time offline';
      continue;
    }
    report.since = since.toISOString();
    options.progress?.(id, 'start');
    try {
      const records = await fetcher(api, since, deps.fetch, wanted);
      report.fetched = records.length;
      // Without a time filter (ClinchPad) the first look would call every old lead "new".
      const baseline = platform(id).api?.timeFilter === false && !hasBaseline(deps.db, id);
      report.baseline = baseline || undefined;
      for (const record of records) {
        // The intake limits hold for what an API returns too (see shared/payload-limits.ts).
        const problem = payloadShapeProblem(record.payload);
        if (problem) {
          (report.refused ??= []).push(describeShapeProblem(problem, platform(id).title));
          continue;
        }
        const body = Buffer.from(JSON.stringify(record.payload));
        const req: SourceRequest = { method: 'POST', headers: record.headers, query: {}, rawBody: body, contentType: 'application/json', receivedAt: now() };
        const events = source.normalise(req, record.payload).filter((e) => e.type !== 'other' && !isKnown(deps.db, e));
        if (events.length === 0) continue;
        report.fresh += events.length;
        report.summaries.push(...events.map((e) => e.summary));
        if (options.dryRun) {
          (report.plan ??= []).push(...events.map((e) => ({ summary: e.summary, recipes: baseline ? [] : (deps.recipes?.().match(e) ?? []) })));
          continue;
        }
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
      if (!options.dryRun) {
        if (baseline) markBaseline(deps.db, id);
        // An explicit --since later than the automatic one left a gap: the mark stays where it was.
        if (!automatic || since.getTime() <= automatic.getTime()) state.advance(id, startedAt);
        state.recordSuccess(state.periodsCovered(since.getTime(), startedAt, lookbackFloor(id, startedAt)), id, { fresh: report.fresh, baseline }, now());
      }
    } catch (error) {
      report.error = (error as Error).message;
      if (error instanceof CatchUpError ? error.transient : true) report.transient = true;
      if (!options.dryRun) state.recordFailure(state.periodsCovered(since.getTime(), startedAt, lookbackFloor(id, startedAt)), id, report.error, now());
    } finally {
      options.progress?.(id, 'end');
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

/**
 * Where an automatic catch-up starts: the earlier of the platform's "caught up through" mark and
 * the start of the oldest offline period not yet behind it, less the overlap, within the
 * platform's lookback. Before the first successful catch-up the last real delivery from the
 * platform stands in for the mark; test events never count (a "Send test event" says nothing
 * about what the platform sent).
 */
export function sinceFor(db: Database, state: CatchUpState, source: SourceId, now: number): Date | undefined {
  const floor = lookbackFloor(source, now);
  const mark = state.caughtUpThrough(source) ?? lastRealDelivery(db, source);
  const offline = state.oldestUncoveredPeriod(mark, floor);
  const start = Math.min(mark ?? Infinity, offline ?? Infinity);
  if (!Number.isFinite(start)) return undefined;
  return new Date(Math.max(start - OVERLAP_MS, floor));
}

/** The oldest time the platform's API still has events for. */
function lookbackFloor(source: SourceId, now: number): number {
  return now - (platform(source).api?.lookbackDays ?? 30) * DAY_MS;
}

function lastRealDelivery(db: Database, source: SourceId): number | undefined {
  const row = db.prepare(`SELECT MAX(received_at) AS at FROM deliveries WHERE source = ? AND origin = 'webhook'`).get(source) as { at: number | null };
  return row.at ?? undefined;
}
