import { LIVE_EVENT_NAMES } from '../../../shared/api-names.ts';
import type { ApiArgs, ApiName, ApiResult } from '../../../shared/contract.ts';
import { ApiError, type LiveHandler, type Transport } from './transport.ts';

/** The dashboard's transport: POST /api/<operation> with the token, and server-sent events. */
export function httpTransport(token: string): Transport {
  return {
    async call<N extends ApiName>(name: N, args: ApiArgs<N>): Promise<ApiResult<N>> {
      const response = await fetch(`./api/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(args ?? {}),
      });
      const body = (await response.json().catch(() => ({ error: 'internal', message: 'Hooktray did not answer; is it still running?' }))) as unknown;
      if (!response.ok) throw new ApiError(body as { error: 'internal'; message: string });
      return body as ApiResult<N>;
    },
    subscribe(handler: LiveHandler, onReconnect: () => void) {
      const source = new EventSource(`./api/events?token=${encodeURIComponent(token)}`);
      let opened = false;
      source.onopen = () => {
        if (opened) onReconnect();
        opened = true;
      };
      for (const name of LIVE_EVENT_NAMES) source.addEventListener(name, (event) => handler(name, JSON.parse((event as MessageEvent<string>).data)));
      return () => source.close();
    },
  };
}
