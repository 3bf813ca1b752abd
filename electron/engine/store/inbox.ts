import type { HooktrayEvent } from '../../../shared/events.ts';
import type { SourceId } from '../../../shared/sources.ts';
import type { Database } from './database.ts';

export type DeliveryOrigin = 'webhook' | 'catch-up' | 'test';

export interface IncomingDelivery {
  source: SourceId;
  /** The platform's id for this delivery; a second delivery with the same id is a redelivery. */
  platformId?: string;
  platformEvent: string;
  origin: DeliveryOrigin;
  receivedAt: number;
  headers: Record<string, string>;
  body: Buffer;
  events: HooktrayEvent[];
  /** Send test event: run exactly these recipes, marked as a test, whatever matching says. */
  testRecipe?: string;
}

export interface AcceptResult {
  duplicate: boolean;
  deliveryId?: number;
  /** Events stored for the first time (an event key seen before triggers nothing again). */
  eventIds: number[];
  runIds: number[];
}

/** Which enabled recipe instances an event triggers. */
export type RecipeMatcher = (event: HooktrayEvent) => string[];

interface Pending {
  delivery: IncomingDelivery;
  resolve(result: AcceptResult): void;
  reject(error: unknown): void;
}

/**
 * The durable inbox: a delivery and the runs it triggers are written in one transaction before
 * anyone is told "2xx". Writes are group-committed: a delivery that finds the writer idle is
 * committed on the next turn of the event loop; deliveries that arrive meanwhile queue up and
 * share the next commit (and its fsync), each answered after the commit that holds it.
 */
export class Inbox {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly db: Database;
  private readonly match: RecipeMatcher;
  private readonly onCommitted: (results: AcceptResult[]) => void;
  private readonly insertDelivery;
  private readonly insertEvent;
  private readonly insertRun;

  constructor(db: Database, match: RecipeMatcher, onCommitted: (results: AcceptResult[]) => void = () => {}) {
    this.db = db;
    this.match = match;
    this.onCommitted = onCommitted;
    this.insertDelivery = db.prepare(`
      INSERT INTO deliveries (source, platform_id, platform_event, origin, received_at, headers, body)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (source, platform_id) DO NOTHING RETURNING id`);
    this.insertEvent = db.prepare(`
      INSERT INTO events (delivery_id, source, key, type, platform_event, summary, occurred_at, received_at, event)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (source, key) DO NOTHING RETURNING id`);
    this.insertRun = db.prepare(`
      INSERT INTO runs (event_id, recipe_id, status, next_attempt_at, test, created_at, updated_at)
      VALUES (?, ?, 'queued', ?, ?, ?, ?) RETURNING id`);
  }

  accept(delivery: IncomingDelivery): Promise<AcceptResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ delivery, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Deliveries waiting for their commit (for status and for a clean stop). */
  get pending(): number {
    return this.queue.length;
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: (AcceptResult | { error: unknown })[] = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const item of batch) outcomes.push(this.writeOne(item.delivery));
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      for (const item of batch) item.reject(error);
      return;
    }
    const committed: AcceptResult[] = [];
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if ('error' in outcome) item.reject(outcome.error);
      else {
        committed.push(outcome);
        item.resolve(outcome);
      }
    });
    this.onCommitted(committed);
  }

  /** One delivery inside the batch's transaction; a savepoint keeps one bad row from sinking the rest. */
  private writeOne(d: IncomingDelivery): AcceptResult | { error: unknown } {
    this.db.exec('SAVEPOINT one');
    try {
      const result = this.write(d);
      this.db.exec('RELEASE one');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK TO one');
      this.db.exec('RELEASE one');
      return { error };
    }
  }

  private write(d: IncomingDelivery): AcceptResult {
    const row = this.insertDelivery.get(
      d.source,
      d.platformId ?? null,
      d.platformEvent,
      d.origin,
      d.receivedAt,
      JSON.stringify(d.headers),
      d.body,
    ) as { id: number } | undefined;
    if (!row) return { duplicate: true, eventIds: [], runIds: [] };
    const eventIds: number[] = [];
    const runIds: number[] = [];
    for (const event of d.events) {
      const stored = this.insertEvent.get(
        row.id,
        event.source,
        event.key,
        event.type,
        event.platformEvent,
        event.summary,
        event.occurredAt,
        d.receivedAt,
        JSON.stringify(event),
      ) as { id: number } | undefined;
      if (!stored) continue;
      eventIds.push(stored.id);
      const recipes = d.testRecipe ? [d.testRecipe] : this.match(event);
      for (const recipeId of recipes) {
        const run = this.insertRun.get(stored.id, recipeId, d.receivedAt, d.testRecipe ? 1 : 0, d.receivedAt, d.receivedAt) as { id: number };
        runIds.push(run.id);
      }
    }
    return { duplicate: false, deliveryId: row.id, eventIds, runIds };
  }
}
