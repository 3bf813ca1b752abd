/** Everything `hooktray relay` can be told; defaults suit a small server with a few Hooktray installs. */
export interface RelayOptions {
  /** Port of the HTTP listener (registrations and public requests); 0 picks a free one. */
  port: number;
  /** Address of the HTTP listener; behind a TLS proxy keep 127.0.0.1. */
  address: string;
  /** Public requests for <id>.<domain> go to tunnel <id>. */
  domain: string;
  /** When set, registrations must come to /<secret>/… (clients use --tunnel-host https://relay/<secret>). */
  secret?: string;
  /** When set, only these names may be claimed and random names are not handed out. */
  allow?: readonly string[];
  /** Address the per-tunnel TCP ports listen on (the clients connect there directly); default: address. */
  tunnelAddress?: string;
  /** Port range for the per-tunnel TCP ports (for a firewall rule); default: any free port. */
  tunnelPorts?: { min: number; max: number };
  /** Sockets one client may keep open (max_conn_count). */
  maxSockets: number;
  maxTunnels: number;
  /** Requests that may wait for a free socket of one tunnel before new ones get 503. */
  maxQueued: number;
  maxBodyBytes: number;
  /** How long a sender has to send a whole body (408 after). */
  bodyTimeoutMs: number;
  /** Unfinished uploads one sender address may have at once (429 past them). */
  maxClientUploads: number;
  /** Connections one client may hold open when it connects directly (not through a local proxy). */
  maxClientConnections: number;
  /** How long a client has to start answering a public request before the sender gets 504. */
  answerTimeoutMs: number;
  /** How long a name stays reserved for its owner after its last socket closed (without a data folder). */
  graceMs: number;
  /** Hooktray's tunnel sockets over TLS: the certificate and key (PEM), read at start. */
  tls?: { cert: Buffer; key: Buffer };
  /** Refuse clients that would connect in plain TCP (the stock client); needs `tls`. */
  requireTls: boolean;
  /** Where names and kept deliveries live; without it names last only as long as `graceMs` and nothing is kept. */
  dataDir?: string;
  /** Reserved names nobody claimed for this long are freed, with what was kept for them. */
  forgetAfterMs: number;
  keep: { maxCount: number; maxBytes: number; keepMs: number };
}

export const RELAY_DEFAULTS: RelayOptions = {
  port: 8080,
  address: '127.0.0.1',
  domain: 'localhost',
  maxSockets: 10,
  maxTunnels: 500,
  maxQueued: 50,
  maxBodyBytes: 10 * 1024 * 1024,
  bodyTimeoutMs: 30_000,
  maxClientUploads: 8,
  maxClientConnections: 32,
  answerTimeoutMs: 25_000,
  graceMs: 30_000,
  requireTls: false,
  forgetAfterMs: 90 * 86_400_000,
  keep: { maxCount: 10_000, maxBytes: 200 * 1024 * 1024, keepMs: 14 * 86_400_000 },
};

/** What the relay says about itself; the CLI turns it into log lines or JSON. */
export interface RelayLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export const quietLog: RelayLog = { info() {}, warn() {} };
