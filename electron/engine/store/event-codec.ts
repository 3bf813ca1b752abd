import type { HooktrayEvent } from '../../../shared/events.ts';
import { describeShapeProblem, payloadShapeProblem } from '../../../shared/payload-limits.ts';

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

/**
 * The stored event as it was received; `body` is its delivery's stored body. Throws, with a
 * sentence for the owner, for an event past the intake limits (stored before they existed):
 * handing it on would overflow the stack of whatever recurses over it next.
 */
export function decodeEvent(stored: string, body: Uint8Array): HooktrayEvent {
  const { dataFromBody, ...event } = JSON.parse(stored) as HooktrayEvent & { dataFromBody?: boolean };
  if (dataFromBody) event.data = JSON.parse(Buffer.from(body).toString('utf8')) as unknown;
  const problem = payloadShapeProblem(event);
  if (problem) throw new Error(`${describeShapeProblem(problem)} It was kept from before Hooktray refused such deliveries and cannot run.`);
  return event;
}
