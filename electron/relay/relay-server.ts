import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CLIENT_HEADER, NAME_KEY_ID_HEADER } from '../engine/tunnel/relay-protocol.ts';
import type { Socket } from 'node:net';
import { clientAddress, isLocalProxy, plainAddress } from './client-address.ts';
import { PerClient } from './client-limits.ts';
import { forwardRequest, refuse } from './forward-request.ts';
import { parseRegistration } from './registration.ts';
import { quietLog, type RelayLog, type RelayOptions } from './relay-options.ts';
import { portSuffixOf, tunnelNameFromHost } from './tunnel-names.ts';
import { RelayRefusal, TunnelRegistry } from './tunnel-registry.ts';

export interface Relay {
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  close(): Promise<void>;
  readonly registry: TunnelRegistry;
}

/**
 * Our localtunnel-compatible relay: the stock `localtunnel` client registers here unchanged.
 * Requests for <id>.<domain> go down tunnel <id>; everything else is registration and status.
 * Creating it has no side effects; listen() opens the port.
 */
export function createRelay(options: RelayOptions, log: RelayLog = quietLog): Relay {
  const registry = new TunnelRegistry(options, log);
  const uploads = new PerClient(options.maxClientUploads);
  const connections = new PerClient(options.maxClientConnections);
  let server: Server | undefined;

  /** A client that connects directly may hold only so many connections; a local proxy is counted per request instead. */
  function limitConnections(socket: Socket): void {
    const peer = socket.remoteAddress ?? '';
    if (isLocalProxy(peer)) return;
    const address = plainAddress(peer);
    if (!connections.take(address)) return void socket.destroy();
    socket.once('close', () => connections.release(address));
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const host = req.headers.host;
    if (!host) return refuse(res, 400, 'The request has no Host header; send it to https://<name>.<relay domain>/.');
    const name = tunnelNameFromHost(host, options.domain);
    if (name) {
      const tunnel = registry.get(name);
      if (!tunnel) return refuse(res, 404, `No tunnel named "${name}" is connected to this relay. If this is your Hooktray address, open Hooktray and check its tunnel status.`);
      return void forwardRequest(tunnel, req, res, options, uploads);
    }
    const url = new URL(req.url ?? '/', 'http://relay');
    if (url.pathname === '/api/status') return json(res, 200, { tunnels: registry.size });
    // For a TLS proxy that gets certificates on demand (Caddy's `ask`): only for names in use.
    if (url.pathname === '/api/can-issue') {
      const domain = url.searchParams.get('domain') ?? '';
      const asked = tunnelNameFromHost(domain, options.domain);
      const ok = domain.toLowerCase() === options.domain || (asked !== undefined && registry.get(asked) !== undefined);
      return ok ? text(res, 200, 'ok\n') : refuse(res, 404, `No certificate for ${domain}: it is not this relay's domain or a connected tunnel.`);
    }
    const status = /^\/api\/tunnels\/([^/]+)\/status$/.exec(url.pathname);
    if (status) {
      const tunnel = registry.get(status[1]!);
      return tunnel ? json(res, 200, { connected_sockets: tunnel.connectedSockets }) : refuse(res, 404, `No tunnel named "${status[1]}".`);
    }
    if (req.method !== 'GET') return refuse(res, 405, 'Only GET is served here; public requests go to https://<name>.<relay domain>/.');
    const registration = parseRegistration(url.pathname, url.searchParams, options.secret);
    if (!registration) return text(res, 200, 'Hooktray relay: a localtunnel-compatible server. Point Hooktray here with --tunnel-host.\n');
    if (!registration.ok) return refuse(res, registration.status, registration.message);
    const hooktray = req.headers[CLIENT_HEADER] === '1';
    if (options.secret !== undefined && !hooktray) {
      // The stock client cannot prove its sockets, so anyone reaching the port could answer for it.
      return refuse(res, 403, 'This relay has a secret, so it serves only Hooktray, whose tunnel sockets prove they belong to the name. The stock localtunnel client can use a relay started without --secret.');
    }
    const keyId = req.headers[NAME_KEY_ID_HEADER];
    const address = clientAddress(req);
    registry.claim(registration.name, { address, hooktray, ...(typeof keyId === 'string' ? { nameKeyId: keyId } : {}) }).then(
      ({ tunnel, claim }) => {
        const scheme = isLocalProxy(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
        const url = `${scheme}://${tunnel.id}.${options.domain}${portSuffixOf(host)}`;
        // client_address: the sockets must come from it (the client picks the same IP family).
        const proof = claim.socketKey ? { socket_key: claim.socketKey, client_address: address } : {};
        json(res, 200, { id: tunnel.id, port: tunnel.port, max_conn_count: options.maxSockets, url, ...proof });
      },
      (error: unknown) => {
        if (error instanceof RelayRefusal) return refuse(res, error.status, error.message);
        log.warn({ err: (error as Error).message }, 'registration failed');
        refuse(res, 500, 'The relay could not open a tunnel; try again.');
      },
    );
  }

  return {
    registry,
    async listen() {
      // requestTimeout is a backstop; readBody answers a slow body with 408 first.
      server = createServer({ requestTimeout: options.bodyTimeoutMs + 30_000, headersTimeout: 30_000 }, handle);
      server.on('connection', limitConnections);
      server.on('clientError', (_error, socket) => socket.destroy());
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen({ host: options.address, port: options.port }, () => {
          server!.off('error', reject);
          resolve();
        });
      });
      const address = server.address();
      return typeof address === 'object' && address ? address.port : options.port;
    },
    async close() {
      registry.close();
      if (!server) return;
      const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
      server.closeAllConnections();
      await closing;
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
