import type { HooktrayEvent } from '../../../shared/events.ts';
import type { SourceId } from '../../../shared/sources.ts';
import { encodeEvent } from './event-codec.ts';
import { searchText } from './search-text.ts';
import type { JournalWriter } from './journal-writer.ts';
import type { AcceptResult } from './journal-records.ts';
import type { DeliveryOrigin } from '../../../shared/activity-view.ts';

export type { AcceptResult };
/** relay: kept by our relay while this computer was away, handed over later. */
export type { DeliveryOrigin };

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
  /** The parsed body. An event whose data is exactly this (and a JSON body) is stored without a copy of it. */
  payload?: unknown;
  /** Store the events as seen without running anything (a catch-up's first look at a platform). */
  silent?: boolean;
  /** Send test event: run exactly this recipe, marked as a test, whatever matching says. */
  testRecipe?: string;
  /** A test of unsaved changes: the edited recipe's id in DraftRecipes (with testRecipe). */
  testDraft?: string;
}

/** Which enabled recipe instances an event triggers. */
export type RecipeMatcher = (event: HooktrayEvent) => string[];

/**
 * The durable inbox: a delivery and the runs it triggers are written in one transaction before
 * anyone is told "2xx". Recipes are matched here, on the main thread where they live; the
 * journal writer only stores (see journal-worker.ts for how commits are grouped).
 */
export class Inbox {
  private readonly journal: JournalWriter;
  private readonly match: RecipeMatcher;
  private readonly onCommitted: (delivery: IncomingDelivery, result: AcceptResult) => void;

  /** `onCommitted` hears each delivery once it is safe on disk, whichever way it came. */
  constructor(journal: JournalWriter, match: RecipeMatcher, onCommitted: (delivery: IncomingDelivery, result: AcceptResult) => void = () => {}) {
    this.journal = journal;
    this.match = match;
    this.onCommitted = onCommitted;
  }

  async accept(d: IncomingDelivery): Promise<AcceptResult> {
    const result = await this.journal.accept({
      source: d.source,
      ...(d.platformId !== undefined ? { platformId: d.platformId } : {}),
      platformEvent: d.platformEvent,
      origin: d.origin,
      receivedAt: d.receivedAt,
      headers: JSON.stringify(d.headers),
      // A copy of just these bytes: the received Buffer is a view on a shared 64 KB read buffer,
      // and handing the view to the writer thread would copy all of that, for every delivery.
      body: new Uint8Array(d.body),
      test: d.testRecipe !== undefined,
      ...(d.testDraft !== undefined ? { draft: d.testDraft } : {}),
      events: d.events.map((event) => ({
        source: event.source,
        key: event.key,
        type: event.type,
        platformEvent: event.platformEvent,
        summary: event.summary,
        search: searchText(event),
        occurredAt: event.occurredAt,
        json: encodeEvent(event, d),
        recipes: d.silent ? [] : d.testRecipe !== undefined ? [d.testRecipe] : this.match(event),
      })),
    });
    this.onCommitted(d, result);
    return result;
  }
}
