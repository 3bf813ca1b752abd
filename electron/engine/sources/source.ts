import type { ErrorCode } from '../../../shared/errors.ts';
import type { HooktrayEvent } from '../../../shared/events.ts';
import type { Platform } from '../../../shared/platforms.ts';
import type { SourceId } from '../../../shared/sources.ts';

/** What a source sees of a request: never a framework object, so sources test as plain functions. */
export interface SourceRequest {
  method: string;
  /** Lower-cased names, first value only. */
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  /** Byte-exact, as received: signatures are computed over it. */
  rawBody: Buffer;
  /** Media type without parameters, lower-cased; '' when the request had none. */
  contentType: string;
  receivedAt: number;
}

export type Verdict =
  | { ok: true }
  | {
      ok: false;
      code: Extract<
        ErrorCode,
        'missing_signature' | 'bad_signature' | 'no_secret' | 'stale_timestamp' | 'malformed_body' | 'forbidden' | 'verification_unavailable'
      >;
      message: string;
    };

/** A reply to a platform's own handshake (validation GET, creation ping), sent before verification. */
export interface HandshakeReply {
  status: number;
  body: unknown;
  /** A line for the activity log, e.g. "WooCommerce connected". */
  note?: string;
}

/** A reply of our own to a delivery that was kept, for senders that are not programs (a visitor's browser). */
export interface KeptReply {
  status: number;
  headers?: Record<string, string>;
  /** Sent as text (HTML) when a string. */
  body: string;
}

export type BodyFormat = Platform['body'];

/** The settings a source reads from `sources.<id>` in the settings file. */
export type SourceSettings = Readonly<Record<string, unknown>> | undefined;

/**
 * One platform's behaviour: how to check a delivery is genuine, what its delivery id is, and
 * what common events it carries. Pure functions of the request, except verify (PayPal may ask
 * its API). What the platform is called, sends and needs is in shared/platforms.ts.
 */
export interface SourceDefinition {
  id: SourceId;
  handshake?(req: SourceRequest): HandshakeReply | undefined;
  verify(req: SourceRequest, payload: unknown, settings: SourceSettings): Verdict | Promise<Verdict>;
  /** The platform's own id of this delivery, for dropping redeliveries; undefined when it has none. */
  platformId(req: SourceRequest, payload: unknown): string | undefined;
  /** The platform's name of what happened: a topic header, a type field. */
  platformEvent(req: SourceRequest, payload: unknown): string;
  normalise(req: SourceRequest, payload: unknown): HooktrayEvent[];
  /** How to answer a kept delivery when the default JSON would not do (a web page's form thanks its visitor). */
  kept?(req: SourceRequest, payload: unknown): KeptReply | undefined;
}

export const ok: Verdict = { ok: true };

export function reject(code: Exclude<Verdict, { ok: true }>['code'], message: string): Verdict {
  return { ok: false, code, message };
}
