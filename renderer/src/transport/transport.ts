import type { ApiArgs, ApiName, ApiResult, LiveEventName, LiveEvents } from '../../../shared/contract.ts';
import type { ErrorBody } from '../../../shared/errors.ts';

export type LiveHandler = <E extends LiveEventName>(name: E, data: LiveEvents[E]) => void;

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
  constructor(body: ErrorBody) {
    super(body.message);
    this.code = body.error;
  }
}
