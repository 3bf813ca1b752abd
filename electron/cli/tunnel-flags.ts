import type { TunnelStatus } from '../../shared/tunnel.ts';
import { TUNNEL_PROVIDERS, type TunnelProviderName } from '../../shared/tunnel.ts';
import type { TunnelRequest } from '../engine/tunnel/start-tunnel.ts';

/** `--tunnel` and `--tunnel-host` → what the engine should open, or an error naming the flag. */
export function tunnelRequestFrom(provider: string | undefined, host: string | undefined): TunnelRequest | { error: string } {
  if (provider !== undefined && !(TUNNEL_PROVIDERS as readonly string[]).includes(provider)) {
    return { error: `--tunnel must be one of ${TUNNEL_PROVIDERS.join(', ')}, got "${provider}".` };
  }
  if (host !== undefined && !/^https?:\/\/[^/\s]+/.test(host)) {
    return { error: `--tunnel-host must be the tunnel server's address, like https://relay.example.com or http://127.0.0.1:8080/<secret>, got "${host}".` };
  }
  return { ...(provider ? { provider: provider as TunnelProviderName } : {}), ...(host ? { host } : {}) };
}

/** `{"event":"tunnel","status":"online","url":…,"public":{source:url}}` for `serve --json`. */
export function tunnelLine(status: TunnelStatus): Record<string, unknown> {
  const { state, since: _since, ...details } = status;
  const publicWebhooks = status.state === 'online' ? status.publicWebhooks : {};
  if ('publicWebhooks' in details) delete (details as { publicWebhooks?: unknown }).publicWebhooks;
  return { event: 'tunnel', status: state, ...details, public: publicWebhooks };
}
