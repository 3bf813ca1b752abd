import { API_NAMES, LIVE_EVENT_NAMES } from '../../shared/api-names.ts';
import type { ApiName, LiveEventName } from '../../shared/contract.ts';
import type { ErrorBody } from '../../shared/errors.ts';
import { IPC_CHANNELS, type HooktrayBridge, type CallAnswer, type LiveListener } from '../../shared/ipc.ts';

/** The parts of ipcRenderer the bridge uses (the real one in the preload, a loopback in tests). */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
  off(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
}

const OPERATIONS = new Set<string>(API_NAMES);
const EVENTS = new Set<string>(LIVE_EVENT_NAMES);

/**
 * The window's only way to the engine: the contract's operations by name (a plain list, so the
 * sandboxed preload carries no zod; the main process validates arguments), and its live events.
 */
export function createBridge(ipc: RendererIpc): HooktrayBridge {
  return {
    async call(name, args) {
      if (!OPERATIONS.has(name)) throw { error: 'not_found', message: `There is no operation "${String(name)}".` } satisfies ErrorBody;
      const answer = (await ipc.invoke(IPC_CHANNELS.call, name as ApiName, args)) as CallAnswer;
      if (!answer.ok) throw answer.error;
      return answer.value as never;
    },
    subscribe(handler: LiveListener) {
      const listener = (_event: unknown, name: unknown, data: unknown) => {
        if (typeof name === 'string' && EVENTS.has(name)) handler(name as LiveEventName, data as never);
      };
      ipc.on(IPC_CHANNELS.event, listener as never);
      return () => ipc.off(IPC_CHANNELS.event, listener as never);
    },
  };
}
