import type { ActivityDetail, ActivityItem, ActivityPage } from '../../../shared/activity-view.ts';
import type { Run } from '../../../shared/runs.ts';
import type { RunStatus } from '../../../shared/runs.ts';
import type { Database } from './database.ts';
import type { RunStore } from './runs.ts';
import { SEARCH_TABLE, searchIndexUsable, searchIndexedThrough } from './text-search.ts';

export interface ActivityFilter {
  source?: string;
  /** Runs in this state; real work only, unless `tests` is true (then the tests' own). */
  status?: RunStatus;
  recipeId?: string;
  /** true: only what Send test event sent; false: leave it out; absent: everything. */
  tests?: boolean;
  /** Words to find (order number, name, email, company, phone, SKU, city…: see search-text.ts). */
  search?: string;
  beforeId?: number;
  /** Skip this many newest matches first (a jump deep into the list); beforeId pages on from there. */
  offset?: number;
  limit?: number;
}

interface EventRow {
  id: number;
  received_at: number;
  source: string;
  type: string;
  platform_event: string;
  summary: string;
  origin: string;
}

/**
 * The activity view's queries: newest first, keyset-paged by event id (so page 1,000 costs what
 * page 1 costs, for virtual scrolling over 100k rows), filtered by source, run status, recipe,
 * tests and text. Runs for a page are read in one query.
 */
export class ActivityQuery {
  private readonly db: Database;
  private readonly runs: RunStore;

  constructor(db: Database, runs: RunStore) {
    this.db = db;
    this.runs = runs;
  }

  list(filter: ActivityFilter = {}): ActivityPage {
    const limit = Math.min(filter.limit ?? 100, 500);
    const { where, params } = this.conditions(filter);
    if (filter.offset) {
      // The id at that position, found on the events' own indexes; the page then starts there.
      const at = this.db
        .prepare(`SELECT e.id FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.id DESC LIMIT 1 OFFSET ?`)
        .get(...params, filter.offset) as { id: number } | undefined;
      if (!at) return { items: [] };
      where.push('e.id <= ?');
      params.push(at.id);
    }
    // The page's ids first, from the indexes alone (events_source, runs, the text index); only
    // then its rows: read whole, a row per candidate would cost far more than its index entry.
    const rows = this.db
      .prepare(
        `SELECT e.id, e.received_at, e.source, e.type, e.platform_event, e.summary, d.origin
         FROM events e JOIN deliveries d ON d.id = e.delivery_id
         WHERE e.id IN (SELECT e.id FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.id DESC LIMIT ?)
         ORDER BY e.id DESC`,
      )
      .all(...params, limit + 1) as unknown as EventRow[];
    const page = rows.slice(0, limit);
    const runs = this.runsFor(page.map((r) => r.id));
    return {
      items: page.map((row) => toItem(row, runs.get(row.id) ?? [])),
      ...(rows.length > limit ? { nextBeforeId: page.at(-1)!.id } : {}),
    };
  }

  /** How many deliveries match (for the list's scroll height): well under 20 ms over 100k events. */
  count(filter: Omit<ActivityFilter, 'beforeId' | 'offset' | 'limit'> = {}): number {
    if (filter.status && !filter.recipeId && !filter.source && !filter.search && filter.tests === undefined) {
      // Status alone: straight from the runs (status, event_id) index, less the events that only
      // a test run puts in this state (through the tests' own small index).
      return (
        this.db
          .prepare(
            `SELECT (SELECT COUNT(DISTINCT event_id) FROM runs WHERE status = ?1)
              - (SELECT COUNT(DISTINCT t.event_id) FROM runs t INDEXED BY runs_tests WHERE t.test = 1 AND t.status = ?1
                 AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.event_id = t.event_id AND r.status = ?1 AND r.test = 0)) AS n`,
          )
          .get(filter.status) as { n: number }
      ).n;
    }
    const { where, params } = this.conditions(filter);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`).get(...params) as { n: number }).n;
  }

  private conditions(filter: ActivityFilter): { where: string[]; params: (string | number)[] } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.beforeId) {
      where.push('e.id < ?');
      params.push(filter.beforeId);
    }
    if (filter.source) {
      where.push('e.source = ?');
      params.push(filter.source);
    }
    if (filter.tests !== undefined) {
      // Send test event's deliveries are the events with a test run (it makes exactly one, and
      // nothing else makes any): found through the tests' own small index, not a scan.
      where.push(`e.id ${filter.tests ? 'IN' : 'NOT IN'} (SELECT event_id FROM runs INDEXED BY runs_tests WHERE test = 1)`);
    }
    if (filter.status || filter.recipeId) {
      const conditions = [filter.status ? 'r.status = ?' : '', filter.recipeId ? 'r.recipe_id = ?' : ''].filter(Boolean).join(' AND ');
      const values = [filter.status, filter.recipeId].filter((v) => v !== undefined);
      // Correlated, so the newest-first scan stops after a page of matches (runs_event index).
      where.push(`EXISTS (SELECT 1 FROM runs r WHERE r.event_id = e.id AND ${conditions})`);
      params.push(...values);
      if (filter.status && !filter.tests) {
        // A status is about work Hooktray did or owes: a test's run is in it only under Tests. Only
        // the few events with a test run in that state need a look at the runs' test flag; the
        // rest stay on the covering (status, event_id) index.
        where.push(
          `(e.id NOT IN (SELECT event_id FROM runs INDEXED BY runs_tests WHERE test = 1 AND status = ?) OR EXISTS (SELECT 1 FROM runs r WHERE r.event_id = e.id AND r.test = 0 AND ${conditions}))`,
        );
        params.push(filter.status, ...values);
      }
    }
    const words = (filter.search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5);
    const like = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // An event kept before events.search existed is found by its summary until the writer fills it in.
    const text = 'COALESCE(e.search, e.summary)';
    // Without a usable trigram index (see text-search.ts) every word is a plain scan; so is a
    // word too short for trigrams.
    const indexed = words.length && searchIndexUsable(this.db) ? searchIndexedThrough(this.db) : undefined;
    const long = indexed === undefined ? [] : words.filter((w) => w.length >= 3);
    if (long.length) {
      // All the words in one query of the index (it intersects them itself); the newest few events, not indexed yet, by scanning.
      where.push(
        `e.id IN (SELECT rowid FROM ${SEARCH_TABLE} WHERE ${SEARCH_TABLE} MATCH ? UNION ALL SELECT e.id FROM events e WHERE e.id > ? AND ${long.map(() => `${text} LIKE ? ESCAPE '\\'`).join(' AND ')})`,
      );
      params.push(long.map((w) => `"${w.replaceAll('"', '""')}"`).join(' AND '), indexed!, ...long.map(like));
    }
    for (const word of words.filter((w) => !long.includes(w))) {
      where.push(`${text} LIKE ? ESCAPE '\\'`);
      params.push(like(word));
    }
    return { where, params };
  }

  get(eventId: number): ActivityDetail | undefined {
    const row = this.db
      .prepare(
        `SELECT e.id, e.received_at, e.source, e.type, e.platform_event, e.summary, d.origin, d.headers, d.body FROM events e JOIN deliveries d ON d.id = e.delivery_id WHERE e.id = ?`,
      )
      .get(eventId) as (EventRow & { headers: string; body: Uint8Array }) | undefined;
    if (!row) return undefined;
    const runIds = (this.db.prepare('SELECT id FROM runs WHERE event_id = ? ORDER BY id').all(eventId) as { id: number }[]).map((r) => r.id);
    const runs = runIds.map((id) => this.runs.get(id)!);
    return { ...toItem(row, []), runs, headers: JSON.parse(row.headers) as Record<string, string>, payload: prettyBody(row.body) };
  }

  private runsFor(eventIds: number[]): Map<number, Run[]> {
    return this.runs.forEvents(eventIds);
  }
}

function toItem(row: EventRow, runs: Run[]): ActivityItem {
  return {
    eventId: row.id,
    receivedAt: new Date(row.received_at).toISOString(),
    source: row.source as ActivityItem['source'],
    type: row.type as ActivityItem['type'],
    platformEvent: row.platform_event,
    summary: row.summary,
    origin: row.origin as ActivityItem['origin'],
    runs,
  };
}

function prettyBody(body: Uint8Array): string {
  const text = Buffer.from(body).toString('utf8');
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
