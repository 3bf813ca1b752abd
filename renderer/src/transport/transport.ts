import type { ApiArgs, ApiName, ApiResult } from '../../../shared/contract.ts';
import type { ErrorBody } from '../../../shared/errors.ts';
import type { LiveListener } from '../../../shared/ipc.ts';

/** What a live event goes to: the same type the desktop bridge hands its events to. */
export type LiveHandler = LiveListener;

/** How the window talks to the engine: IPC in the desktop app, HTTP + SSE in the dashboard. */
export interface Transport {
  call<N extends ApiName>(name: N, args: ApiArgs<N>): Promise<ApiResult<N>>;
  /** Live events; `onReconnect` runs after the stream came back, so stores refetch their snapshot. */
  subscribe(handler: LiveHandler, onReconnect: () => void): () => void;
}

export type { HooktrayBridge } from '../../../shared/ipc.ts';

/** An engine refusal, with the plain-language message to show. */
export class ApiError extends Error {
  readonly code: string;
  /** A refused value per field, to show where it was typed. */
  readonly fields: NonNullable<ErrorBody['fields']>;
  constructor(body: ErrorBody) {
    super(body.message);
    this.code = body.error;
    this.fields = Array.isArray(body.fields) ? body.fields : [];
  }
}
