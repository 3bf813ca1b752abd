import type { ApiArgs, ApiName, ApiResult } from '../../../shared/contract.ts';
import type { ErrorBody } from '../../../shared/errors.ts';
import { ApiError, type HooktrayBridge, type LiveHandler, type Transport } from './transport.ts';

const isErrorBody = (value: unknown): value is ErrorBody =>
  typeof value === 'object' && value !== null && typeof (value as ErrorBody).error === 'string' && typeof (value as ErrorBody).message === 'string';

/** The desktop window's transport: the preload's typed bridge over Electron IPC. */
export function ipcTransport(bridge: HooktrayBridge): Transport {
  return {
    async call<N extends ApiName>(name: N, args: ApiArgs<N>): Promise<ApiResult<N>> {
      try {
        return await bridge.call(name, args);
      } catch (error) {
        throw new ApiError(isErrorBody(error) ? error : { error: 'internal', message: (error as Error)?.message ?? 'Hooktray did not answer.' });
      }
    },
    subscribe(handler: LiveHandler) {
      return bridge.subscribe(handler);
    },
  };
}
