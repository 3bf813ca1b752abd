import type { HooktrayEvent } from '../../../shared/events.ts';

/**
 * How events are stored. An event's `data` is usually the whole payload, already stored
 * byte-exact as its delivery's body: writing it twice doubled the bytes per delivery (and each
 * commit's cost). Such events are stored with a marker and get their data back from the body.
 */
export function encodeEvent(event: HooktrayEvent, delivery: { headers: Record<string, string>; payload?: unknown }): string {
  const json = /^application\/(?:[\w.+-]*\+)?json/i.test(delivery.headers['content-type'] ?? '');
  if (!json || delivery.payload === undefined || event.data !== delivery.payload) return JSON.stringify(event);
  return JSON.stringify({ ...event, data: undefined, dataFromBody: true });
}

/** The stored event as it was received; `body` is its delivery's stored body. */
export function decodeEvent(stored: string, body: Uint8Array): HooktrayEvent {
  const { dataFromBody, ...event } = JSON.parse(stored) as HooktrayEvent & { dataFromBody?: boolean };
  if (dataFromBody) event.data = JSON.parse(Buffer.from(body).toString('utf8')) as unknown;
  return event;
}
