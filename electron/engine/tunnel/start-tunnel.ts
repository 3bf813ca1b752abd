import type { Logger } from 'pino';
import type { Settings } from '../../../shared/config.ts';
import type { SourceId } from '../../../shared/sources.ts';
import { publicWebhooksOf, type TunnelProviderName, type TunnelStatus } from '../../../shared/tunnel.ts';
import type { EngineEvents } from '../engine-events.ts';
import type { Database } from '../store/database.ts';
import { LazyLocaltunnelProvider } from './lazy-localtunnel.ts';
import { tunnelActivity } from './tunnel-activity.ts';
import { saveSubdomain, storedSubdomain } from './tunnel-subdomain.ts';
import { TUNNEL_TIMING, TunnelSupervisor, type TunnelTiming } from './tunnel-supervisor.ts';

/** What a host asks for; values here win over settings.tunnel (e.g. `serve --tunnel none`). */
export interface TunnelRequest {
  provider?: TunnelProviderName;
  host?: string;
  timing?: Partial<TunnelTiming>;
}

/** The engine's view of the tunnel, whether one runs or not. */
export interface TunnelHandle {
  /** The latest status, with public webhook addresses for the current tokens. */
  readonly status: TunnelStatus;
  reconnectNow(reason?: string): TunnelStatus;
  stop(): Promise<void>;
}

export interface TunnelDeps {
  settings: Settings['tunnel'];
  /** Undefined: the host did not ask for a tunnel (tests, catch-up runs). */
  request: TunnelRequest | undefined;
  db: Database;
  localPort: number;
  listenHost: string;
  webhooks: () => Partial<Record<SourceId, string>>;
  events: EngineEvents;
  logger: Logger;
  nameKeys?: NameKeyStore;
}

/** Name keys by "<server origin>/<name>": secrets, stored with the other settings secrets. */
export interface NameKeyStore {
  get(id: string): string | undefined;
  save(id: string, key: string): void;
}

/** Starts the supervisor in the background (never waits for the tunnel), or reports it off. */
export function startTunnel(deps: TunnelDeps): TunnelHandle {
  const provider = deps.request ? (deps.request.provider ?? deps.settings.provider) : 'none';
  if (provider === 'none') {
    const status: TunnelStatus = {
      state: 'offline',
      since: new Date().toISOString(),
      reason: 'The public address is turned off, so your shops can reach Hooktray only from this computer or its network.',
      detail: deps.request?.provider === 'none' ? 'started with --tunnel none' : 'tunnel.provider is "none" in the settings',
    };
    return { status, reconnectNow: () => status, stop: async () => {} };
  }
  if (!['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::'].includes(deps.listenHost)) {
    deps.logger.warn(
      { host: deps.listenHost },
      'the tunnel forwards to localhost, but the webhook listener is bound elsewhere; bind it to 127.0.0.1 or 0.0.0.0',
    );
  }
  const host = deps.request?.host ?? deps.settings.host;
  const server = new URL(host).origin;
  const store = deps.nameKeys;
  const nameKeys = store && {
    get: (name: string) => store.get(`${server}/${name}`),
    save: (name: string, key: string) => store.save(`${server}/${name}`, key),
  };
  const fingerprint = deps.settings.fingerprint;
  const tunnelProvider = new LazyLocaltunnelProvider(host, { ...(nameKeys ? { nameKeys } : {}), ...(fingerprint ? { fingerprint } : {}) });
  const enrich = (status: TunnelStatus): TunnelStatus =>
    status.state === 'online' ? { ...status, publicWebhooks: publicWebhooksOf(deps.webhooks(), status.url) } : status;
  let previous: TunnelStatus | undefined;
  const supervisor = new TunnelSupervisor({
    provider: tunnelProvider,
    localPort: deps.localPort,
    subdomain: deps.settings.subdomain ?? storedSubdomain(deps.db),
    fixedName: Boolean(deps.settings.subdomain),
    onNewSubdomain: (name) => saveSubdomain(deps.db, name),
    onStatus: (raw) => {
      const status = enrich(raw);
      const entry = tunnelActivity(status, previous, tunnelProvider.server);
      previous = status;
      deps.events.emit('tunnel', status);
      if (entry) deps.events.log(entry.level, entry.text, entry.detail ? { detail: entry.detail } : {});
    },
    logger: deps.logger,
    timing: { ...TUNNEL_TIMING, ...deps.request?.timing },
  });
  supervisor.start();
  return {
    get status() {
      return enrich(supervisor.status);
    },
    reconnectNow(reason) {
      supervisor.reconnectNow(reason);
      return enrich(supervisor.status);
    },
    stop: () => supervisor.stop(),
  };
}
