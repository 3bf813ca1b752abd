import type { HooktrayEvent } from '../../../shared/events.ts';
import type { SourceId } from '../../../shared/sources.ts';
import type { SourceRequest } from '../sources/source.ts';

/** The event kept for a verified delivery whose payload a source could not read. */
export function fallbackEvent(source: SourceId, platformEvent: string, req: SourceRequest, payload: unknown): HooktrayEvent {
  return {
    type: 'other',
    source,
    platformEvent,
    key: `unreadable:${req.receivedAt}:${Math.random().toString(36).slice(2)}`,
    occurredAt: new Date(req.receivedAt).toISOString(),
    summary: `${source} ${platformEvent} (could not be read)`,
    data: payload,
  };
}
