import { parseArgs } from 'node:util';
import { createLogger } from '../engine/log/logger.ts';
import { RELAY_DEFAULTS, type RelayOptions } from '../relay/relay-options.ts';
import { createRelay } from '../relay/relay-server.ts';
import { isTunnelName } from '../relay/tunnel-names.ts';
import { printJson } from './output.ts';

const HELP = `Usage: hooktray relay [options]

Runs a localtunnel-compatible relay, so Hooktray installs get a stable public URL on your own server.

  --port N              HTTP port for registrations and public requests (default ${RELAY_DEFAULTS.port}; 0 = any)
  --address A           address to listen on (default ${RELAY_DEFAULTS.address}; keep it behind a TLS proxy)
  --domain D            public requests for <name>.D go to tunnel <name> (default ${RELAY_DEFAULTS.domain})
  --secret S            require S: clients use --tunnel-host https://D/S (or env HOOKTRAY_RELAY_SECRET)
  --allow a,b           only these names may be claimed
  --tunnel-address A    address of the per-tunnel ports clients connect to (default: --address)
  --tunnel-ports A-B    port range for the per-tunnel ports (default: any free port)
  --max-sockets N       sockets per client (default ${RELAY_DEFAULTS.maxSockets})
  --max-tunnels N       clients at once (default ${RELAY_DEFAULTS.maxTunnels})
  --max-body-mb N       largest public request body (default ${RELAY_DEFAULTS.maxBodyBytes / 1024 / 1024})
  --body-timeout S      seconds a sender has to send a whole body before it gets 408 (default ${RELAY_DEFAULTS.bodyTimeoutMs / 1000})
  --max-client-uploads N  unfinished uploads one sender may have at once; 429 past them (default ${RELAY_DEFAULTS.maxClientUploads})
  --max-client-connections N  connections one directly connected client may hold (default ${RELAY_DEFAULTS.maxClientConnections})
  --timeout S           seconds a client has to answer before the sender gets 504 (default ${RELAY_DEFAULTS.answerTimeoutMs / 1000})
  --grace S             seconds a name stays reserved after its client disconnected (default ${RELAY_DEFAULTS.graceMs / 1000})
  --json                print one JSON object per line (first: {"event":"ready","port":N})
  -h, --help            show this help
`;

export async function runRelay(argv: string[]): Promise<number> {
  let options: RelayOptions;
  let json: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        address: { type: 'string' },
        domain: { type: 'string' },
        secret: { type: 'string' },
        allow: { type: 'string' },
        'tunnel-address': { type: 'string' },
        'tunnel-ports': { type: 'string' },
        'max-sockets': { type: 'string' },
        'max-tunnels': { type: 'string' },
        'max-body-mb': { type: 'string' },
        timeout: { type: 'string' },
        'body-timeout': { type: 'string' },
        'max-client-uploads': { type: 'string' },
        'max-client-connections': { type: 'string' },
        grace: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    json = values.json;
    options = relayOptionsFrom(values, process.env.HOOKTRAY_RELAY_SECRET);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }

  const logger = createLogger();
  const relay = createRelay(options, logger);
  let port: number;
  try {
    port = await relay.listen();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`Port ${options.port} is already in use. Stop the other program or pass --port with another number (0 picks a free one).\n`);
      return 1;
    }
    throw error;
  }
  if (json) printJson({ event: 'ready', port, address: options.address, domain: options.domain, secret: options.secret !== undefined });
  else process.stdout.write(`Hooktray relay listening on ${options.address}:${port} for *.${options.domain}${options.secret ? ' (secret required)' : ''}.\n`);

  return new Promise<number>((resolveExit) => {
    const stop = () => {
      relay.close().then(
        () => {
          if (json) printJson({ event: 'stopped' });
          logger.flush();
          resolveExit(0);
        },
        () => resolveExit(1),
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

type Values = Record<string, string | boolean | undefined>;

/** Command-line values → options, with an error naming the flag that is wrong. */
export function relayOptionsFrom(values: Values, envSecret: string | undefined): RelayOptions {
  const options: RelayOptions = { ...RELAY_DEFAULTS };
  const int = (flag: string, min: number, max: number): number | undefined => {
    const raw = values[flag];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${flag} must be a whole number from ${min} to ${max}, got "${String(raw)}".`);
    return n;
  };
  options.port = int('port', 0, 65535) ?? options.port;
  options.maxSockets = int('max-sockets', 1, 100) ?? options.maxSockets;
  options.maxTunnels = int('max-tunnels', 1, 100_000) ?? options.maxTunnels;
  options.maxBodyBytes = (int('max-body-mb', 1, 1024) ?? options.maxBodyBytes / 1024 / 1024) * 1024 * 1024;
  options.answerTimeoutMs = (int('timeout', 1, 600) ?? options.answerTimeoutMs / 1000) * 1000;
  options.bodyTimeoutMs = (int('body-timeout', 1, 600) ?? options.bodyTimeoutMs / 1000) * 1000;
  options.maxClientUploads = int('max-client-uploads', 1, 10_000) ?? options.maxClientUploads;
  options.maxClientConnections = int('max-client-connections', 1, 100_000) ?? options.maxClientConnections;
  options.graceMs = (int('grace', 1, 86_400) ?? options.graceMs / 1000) * 1000;
  if (typeof values.address === 'string') options.address = values.address;
  if (typeof values['tunnel-address'] === 'string') options.tunnelAddress = values['tunnel-address'];
  if (typeof values.domain === 'string') {
    if (!/^[a-z0-9.-]+$/i.test(values.domain)) throw new Error(`--domain must be a host name like tunnel.example.com, got "${values.domain}".`);
    options.domain = values.domain.toLowerCase();
  }
  const secret = typeof values.secret === 'string' ? values.secret : envSecret;
  if (secret !== undefined) {
    if (!/^[A-Za-z0-9_~.-]{16,}$/.test(secret)) throw new Error('--secret must be at least 16 characters of letters, digits, "_", "-", "." or "~" (it goes into a URL path).');
    options.secret = secret;
  }
  if (typeof values.allow === 'string') {
    const names = values.allow.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = names.find((n) => !isTunnelName(n));
    if (bad || names.length === 0) throw new Error(`--allow takes names of 4 to 63 lowercase letters, digits or dashes, comma-separated; "${bad ?? ''}" is not one.`);
    options.allow = names;
  }
  if (typeof values['tunnel-ports'] === 'string') {
    const match = /^(\d+)-(\d+)$/.exec(values['tunnel-ports']);
    const min = Number(match?.[1]);
    const max = Number(match?.[2]);
    if (!match || min < 1 || max > 65535 || min > max) throw new Error(`--tunnel-ports must look like 40000-40099, got "${values['tunnel-ports']}".`);
    options.tunnelPorts = { min, max };
  }
  return options;
}
