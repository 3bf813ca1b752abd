import type { ApiArgs, ApiName, ApiResult, LiveEventName, LiveEvents } from '../../../shared/contract.ts';
import { ApiError, type HooktrayBridge, type LiveHandler, type Transport } from './transport.ts';

/** The desktop window's transport: the preload's typed bridge over Electron IPC. */
export function ipcTransport(bridge: HooktrayBridge): Transport {
  return {
    async call<N extends ApiName>(name: N, args: ApiArgs<N>): Promise<ApiResult<N>> {
      const answer = await bridge.call(name, args);
      if (!answer.ok) throw new ApiError(answer.error);
      return answer.value as ApiResult<N>;
    },
    subscribe(handler: LiveHandler) {
      return bridge.subscribe((name, data) => handler(name as LiveEventName, data as LiveEvents[LiveEventName]));
    },
  };
}
