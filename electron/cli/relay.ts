import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { parseArgs } from 'node:util';
import { createLogger } from '../engine/log/logger.ts';
import { RELAY_DEFAULTS, type RelayOptions } from '../relay/relay-options.ts';
import { createRelay } from '../relay/relay-server.ts';
import { isTunnelName } from '../relay/tunnel-names.ts';
import { printJson } from './output.ts';

const HELP = `Usage: hooktray relay [options]

Runs your own relay: Hooktray installs get a stable public address on your server
(https://<name>.<domain>), and with --data-dir the relay keeps their deliveries while their
computer is away and hands them over when it is back. It speaks the localtunnel protocol, so
the stock "lt" client can use a relay without --secret or --require-tls.

Where it listens
  --port N              HTTP port for registrations and public requests (default ${RELAY_DEFAULTS.port}; 0 = any)
  --address A           address to listen on (default ${RELAY_DEFAULTS.address}; keep it behind a TLS proxy such as Caddy)
  --domain D            public requests for <name>.D go to Hooktray <name> (default ${RELAY_DEFAULTS.domain})
  --tunnel-address A    address of the per-name ports Hooktray connects its sockets to (default: --address)
  --tunnel-ports A-B    port range for those ports, for a firewall rule (default: any free port)

Who may use it
  --secret S            only Hooktray installs that know S may claim names; they use
                        --tunnel-host https://D/S (or set env HOOKTRAY_RELAY_SECRET)
  --allow a,b           only these names may be claimed

Encryption of the leg to Hooktray
  --tls-cert FILE       certificate (PEM) for Hooktray's tunnel sockets: the domain's own, or a
                        self-signed one whose fingerprint Hooktray pins (tunnel.fingerprint)
  --tls-key FILE        its private key (PEM)
  --require-tls         refuse clients that would connect without TLS (the stock lt client)

Keeping deliveries while Hooktray is away (needs --data-dir)
  --data-dir DIR        where names (with a hash of each name key) and kept deliveries live;
                        without it names last only --grace seconds and nothing is kept
  --forget-after DAYS   free names nobody claimed for this long, with what was kept (default ${RELAY_DEFAULTS.forgetAfterMs / 86_400_000})
  --keep-max-count N    deliveries kept per name; past it senders get 507 (default ${RELAY_DEFAULTS.keep.maxCount})
  --keep-max-mb N       megabytes kept per name; past it senders get 507 (default ${RELAY_DEFAULTS.keep.maxBytes / 1024 / 1024})
  --keep-days N         kept deliveries older than this are deleted (default ${RELAY_DEFAULTS.keep.keepMs / 86_400_000})

Limits
  --max-sockets N       sockets per Hooktray (default ${RELAY_DEFAULTS.maxSockets})
  --max-tunnels N       Hooktray installs connected at once (default ${RELAY_DEFAULTS.maxTunnels})
  --max-body-mb N       largest public request body (default ${RELAY_DEFAULTS.maxBodyBytes / 1024 / 1024})
  --body-timeout S      seconds a sender has to send a whole body before it gets 408 (default ${RELAY_DEFAULTS.bodyTimeoutMs / 1000})
  --max-client-uploads N      unfinished uploads one sender may have at once; 429 past them (default ${RELAY_DEFAULTS.maxClientUploads})
  --max-client-connections N  connections one directly connected client may hold (default ${RELAY_DEFAULTS.maxClientConnections})
  --timeout S           seconds Hooktray has to answer; then the delivery is kept (--data-dir)
                        or the sender gets 504 (default ${RELAY_DEFAULTS.answerTimeoutMs / 1000})
  --grace S             seconds a name stays held after its Hooktray disconnected (default ${RELAY_DEFAULTS.graceMs / 1000})

Output
  --json                one JSON object per line on stdout (first: {"event":"ready","port":N,…})
  -h, --help            show this help

Check it: curl https://D/api/status (or http://127.0.0.1:PORT/api/status on the server).
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
        'data-dir': { type: 'string' },
        'forget-after': { type: 'string' },
        'keep-max-count': { type: 'string' },
        'keep-max-mb': { type: 'string' },
        'keep-days': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'require-tls': { type: 'boolean', default: false },
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
  const fingerprint = options.tls ? new X509Certificate(options.tls.cert).fingerprint256 : undefined;
  if (json)
    printJson({
      event: 'ready',
      port,
      address: options.address,
      domain: options.domain,
      secret: options.secret !== undefined,
      tls: options.tls !== undefined,
      ...(fingerprint ? { fingerprint } : {}),
      keeping: options.dataDir !== undefined,
    });
  else {
    process.stdout.write(`Hooktray relay listening on ${options.address}:${port} for *.${options.domain}${options.secret ? ' (secret required)' : ''}.\n`);
    if (fingerprint) process.stdout.write(`Tunnel sockets use TLS; certificate fingerprint (for tunnel.fingerprint): ${fingerprint}\n`);
    process.stdout.write(
      options.dataDir
        ? `Names and kept deliveries live in ${options.dataDir}.\n`
        : 'No --data-dir: names last only while connected (plus --grace), and nothing is kept while a Hooktray is away.\n',
    );
  }

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
    if (!/^[A-Za-z0-9_~.-]{16,}$/.test(secret))
      throw new Error('--secret must be at least 16 characters of letters, digits, "_", "-", "." or "~" (it goes into a URL path).');
    options.secret = secret;
  }
  if (typeof values.allow === 'string') {
    const names = values.allow
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = names.find((n) => !isTunnelName(n));
    if (bad || names.length === 0)
      throw new Error(`--allow takes names of 4 to 63 lowercase letters, digits or dashes, comma-separated; "${bad ?? ''}" is not one.`);
    options.allow = names;
  }
  options.forgetAfterMs = (int('forget-after', 1, 36_500) ?? options.forgetAfterMs / 86_400_000) * 86_400_000;
  options.keep = {
    maxCount: int('keep-max-count', 1, 10_000_000) ?? options.keep.maxCount,
    maxBytes: (int('keep-max-mb', 1, 1_000_000) ?? options.keep.maxBytes / 1024 / 1024) * 1024 * 1024,
    keepMs: (int('keep-days', 1, 3650) ?? options.keep.keepMs / 86_400_000) * 86_400_000,
  };
  if (typeof values['data-dir'] === 'string') options.dataDir = values['data-dir'];
  const [cert, key] = [values['tls-cert'], values['tls-key']];
  if ((cert === undefined) !== (key === undefined)) throw new Error('--tls-cert and --tls-key go together: give both files (PEM).');
  if (typeof cert === 'string' && typeof key === 'string') {
    options.tls = { cert: readPem(cert, '--tls-cert'), key: readPem(key, '--tls-key') };
    try {
      createSecureContext(options.tls);
    } catch (error) {
      throw new Error(`--tls-cert and --tls-key do not work together (${(error as Error).message}): give the certificate and its own private key.`, {
        cause: error,
      });
    }
  }
  if (values['require-tls'] === true) {
    if (!options.tls) throw new Error('--require-tls needs --tls-cert and --tls-key: the relay must have a certificate to encrypt with.');
    options.requireTls = true;
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

function readPem(file: string, flag: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (error) {
    throw new Error(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, { cause: error });
  }
  if (!pem.includes('-----BEGIN')) throw new Error(`${flag}: ${file} is not a PEM file (it should start with -----BEGIN …).`);
  return pem;
}
