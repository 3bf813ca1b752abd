import type { ErrorBody } from './errors.ts';

/** The desktop app's two IPC channels: one for every contract operation, one for live events. */
export const IPC_CHANNELS = { call: 'hooktray:call', event: 'hooktray:event' } as const;

export type IpcAnswer = { ok: true; value: unknown } | { ok: false; error: ErrorBody };

/** What the preload exposes on window.hooktray: the typed contract, no raw IPC. */
export interface HooktrayBridge {
  call(name: string, args: unknown): Promise<IpcAnswer>;
  subscribe(handler: (name: string, data: unknown) => void): () => void;
}
