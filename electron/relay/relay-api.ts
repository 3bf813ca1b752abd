import type { IncomingMessage, ServerResponse } from 'node:http';
import { CLIENT_HEADER, NAME_KEY_ID_HEADER, nameKeyId, sameText } from '../engine/tunnel/relay-protocol.ts';
import { clientAddress, isLocalProxy } from './client-address.ts';
import { refuse } from './refuse.ts';
import type { KeptInbox } from './kept-inbox.ts';
import { parseRegistration } from './registration.ts';
import type { RelayLog, RelayOptions } from './relay-options.ts';
import type { RelayStore } from './relay-store.ts';
import { portSuffixOf, tunnelNameFromHost } from './tunnel-names.ts';
import { RelayRefusal, type TunnelRegistry } from './tunnel-registry.ts';

export interface RelayApiDeps {
  options: RelayOptions;
  registry: TunnelRegistry;
  store: RelayStore | undefined;
  inbox: KeptInbox | undefined;
  log: RelayLog;
}

/**
 * Everything on the relay's own domain: status, the TLS proxy's certificate check, and
 * registrations (the localtunnel protocol's GET /<name>, with Hooktray's additions).
 */
export function handleRelayApi(deps: RelayApiDeps, req: IncomingMessage, res: ServerResponse, host: string): void {
  const { options, registry } = deps;
  const url = new URL(req.url ?? '/', 'http://relay');
  if (url.pathname === '/api/status') return json(res, 200, { tunnels: registry.size });
  // For a TLS proxy that gets certificates on demand (Caddy's `ask`): only for names in use or kept.
  if (url.pathname === '/api/can-issue') {
    const domain = url.searchParams.get('domain') ?? '';
    const asked = tunnelNameFromHost(domain, options.domain);
    const ok = domain.toLowerCase() === options.domain || (asked !== undefined && (registry.get(asked) !== undefined || registry.isReserved(asked)));
    return ok ? text(res, 200, 'ok\n') : refuse(res, 404, `No certificate for ${domain}: it is not this relay's domain or a name in use.`);
  }
  const status = /^\/api\/tunnels\/([^/]+)\/status$/.exec(url.pathname);
  if (status) return tunnelStatus(deps, req, res, status[1]!);
  if (req.method !== 'GET') return refuse(res, 405, 'Only GET is served here; public requests go to https://<name>.<relay domain>/.');
  const registration = parseRegistration(url.pathname, url.searchParams, options.secret);
  if (!registration) return text(res, 200, 'Hooktray relay: a localtunnel-compatible server. Point Hooktray here with --tunnel-host.\n');
  if (!registration.ok) return refuse(res, registration.status, registration.message);
  const hooktray = req.headers[CLIENT_HEADER] === '1';
  if (options.secret !== undefined && !hooktray) {
    // The stock client cannot prove its sockets, so anyone reaching the port could answer for it.
    return refuse(
      res,
      403,
      'This relay has a secret, so it serves only Hooktray, whose tunnel sockets prove they belong to the name. The stock localtunnel client can use a relay started without --secret.',
    );
  }
  if (options.requireTls && !hooktray) {
    return refuse(
      res,
      403,
      'This relay accepts only encrypted tunnels (--require-tls), which the stock localtunnel client cannot open. Use Hooktray, or a relay without --require-tls.',
    );
  }
  const keyId = req.headers[NAME_KEY_ID_HEADER];
  const address = clientAddress(req);
  registry.claim(registration.name, { address, hooktray, ...(typeof keyId === 'string' ? { nameKeyId: keyId } : {}) }).then(
    ({ tunnel, claim }) => {
      const scheme = isLocalProxy(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
      const publicUrl = `${scheme}://${tunnel.id}.${options.domain}${portSuffixOf(host)}`;
      // client_address: the sockets must come from it (the client picks the same IP family).
      const proof = claim.socketKey ? { socket_key: claim.socketKey, client_address: address, tls: tunnel.secure } : {};
      json(res, 200, { id: tunnel.id, port: tunnel.port, max_conn_count: options.maxSockets, url: publicUrl, ...proof });
    },
    (error: unknown) => {
      if (error instanceof RelayRefusal) return refuse(res, error.status, error.message);
      deps.log.warn({ err: (error as Error).message }, 'registration failed');
      refuse(res, 500, 'The relay could not open a tunnel; try again.');
    },
  );
}

/**
 * GET /api/tunnels/<name>/status: connected sockets for anyone (as localtunnel); with the name
 * key (Authorization: Bearer <key>) also what is kept for it: count, bytes, oldest.
 */
function tunnelStatus(deps: RelayApiDeps, req: IncomingMessage, res: ServerResponse, name: string): void {
  const tunnel = deps.registry.get(name);
  const keyId = deps.store?.keyIdOf(name);
  if (!tunnel && keyId === undefined) return refuse(res, 404, `No tunnel named "${name}".`);
  const body: Record<string, unknown> = { connected_sockets: tunnel?.connectedSockets ?? 0 };
  const auth = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
  if (auth !== undefined) {
    if (keyId === undefined || !sameText(nameKeyId(auth), keyId)) return refuse(res, 403, `That is not the key of "${name}".`);
    const kept = deps.inbox!.stats(name);
    const oldest = deps.store!.oldestKept(name);
    body.kept = {
      count: kept.count,
      bytes: kept.bytes,
      ...(oldest !== undefined ? { oldest: new Date(oldest).toISOString() } : {}),
      full: deps.inbox!.isFull(name),
    };
  }
  json(res, 200, body);
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
