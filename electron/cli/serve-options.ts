import type { ParseArgsOptionsConfig } from 'node:util';
import type { TunnelRequest } from '../engine/tunnel/start-tunnel.ts';
import { dataDirFrom, portFlag, settingsPathFrom } from './args.ts';
import { tunnelRequestFrom } from './tunnel-flags.ts';

/** `hooktray serve`'s flags, as node:util's parseArgs takes them. */
export const SERVE_FLAGS = {
  'data-dir': { type: 'string' },
  config: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  json: { type: 'boolean', default: false },
  tunnel: { type: 'string' },
  'tunnel-host': { type: 'string' },
  'dashboard-port': { type: 'string' },
  'no-dashboard': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsOptionsConfig;

/** The flag values parseArgs gives for SERVE_FLAGS. */
export interface ServeFlagValues {
  'data-dir'?: string;
  config?: string;
  host?: string;
  port?: string;
  json?: boolean;
  tunnel?: string;
  'tunnel-host'?: string;
  'dashboard-port'?: string;
  'no-dashboard'?: boolean;
}

/** What `hooktray serve` starts. */
export interface ServeOptions {
  dataDir: string;
  settingsPath: string;
  /** Unset: the settings file's (or the default) listen address and port. */
  host?: string;
  port?: number;
  /** undefined with --no-dashboard. */
  dashboardPort: number | undefined;
  json: boolean;
  tunnel: TunnelRequest;
}

/** serve's flag values → what to start, or a usage error that names the flag and what it needs. */
export function serveOptionsFrom(values: ServeFlagValues): ServeOptions | { error: string } {
  const port = portFlag('--port', values.port);
  if (typeof port === 'object') return port;
  if (values.host?.trim() === '')
    return { error: '--host needs an address: 127.0.0.1 (this computer only, the default) or 0.0.0.0 (every network interface).' };
  const dashboardPort = portFlag('--dashboard-port', values['dashboard-port']) ?? 0;
  if (typeof dashboardPort === 'object') return dashboardPort;
  const tunnel = tunnelRequestFrom(values.tunnel, values['tunnel-host']);
  if ('error' in tunnel) return tunnel;
  const dataDir = dataDirFrom(values['data-dir']);
  return {
    dataDir,
    settingsPath: settingsPathFrom(values.config, dataDir),
    ...(values.host ? { host: values.host } : {}),
    ...(port !== undefined ? { port } : {}),
    dashboardPort: values['no-dashboard'] ? undefined : dashboardPort,
    json: values.json ?? false,
    tunnel,
  };
}
