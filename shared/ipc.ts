import type { ApiArgs, ApiName, ApiResult, LiveEventName, LiveEvents } from './contract.ts';
import type { ErrorBody } from './errors.ts';

/** The desktop app's two IPC channels: one for every contract operation, one for live events. */
export const IPC_CHANNELS = { call: 'hooktray:call', event: 'hooktray:event' } as const;

/** What an operation answers, over IPC or HTTP: an engine refusal is data, never a thrown Error. */
export type CallAnswer = { ok: true; value: unknown } | { ok: false; error: ErrorBody };

export type LiveListener = <E extends LiveEventName>(name: E, data: LiveEvents[E]) => void;

/**
 * What the preload exposes on window.hooktray: the contract's operations, typed per name. A
 * refusal rejects with the ErrorBody itself (plain data keeps its code across the context bridge;
 * an Error would arrive with its message only).
 */
export interface HooktrayBridge {
  call<N extends ApiName>(name: N, args: ApiArgs<N>): Promise<ApiResult<N>>;
  subscribe(handler: LiveListener): () => void;
}
