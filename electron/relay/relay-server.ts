import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isLocalProxy, plainAddress } from './client-address.ts';
import { PerClient } from './client-limits.ts';
import { forwardRequest } from './forward-request.ts';
import { refuse } from './refuse.ts';
import { Handover } from './handover.ts';
import { KeptInbox } from './kept-inbox.ts';
import { KeptWriter } from './kept-writer.ts';
import { handleRelayApi } from './relay-api.ts';
import { quietLog, type RelayLog, type RelayOptions } from './relay-options.ts';
import { RelayStore } from './relay-store.ts';
import { tunnelNameFromHost } from './tunnel-names.ts';
import { TunnelRegistry } from './tunnel-registry.ts';

export interface Relay {
  /** Opens the data folder and starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  close(): Promise<void>;
  readonly registry: TunnelRegistry;
}

/** How often kept deliveries past --keep-days and names past --forget-after are looked for. */
const HOUSEKEEPING_MS = 60 * 60_000;

/**
 * Our localtunnel-compatible relay. Requests for <name>.<domain> go down tunnel <name> (or are
 * kept for a reserved name whose Hooktray is away, and handed over when it is back); everything
 * else is registration and status. Creating it has no side effects; listen() opens files and ports.
 */
export function createRelay(options: RelayOptions, log: RelayLog = quietLog, now: () => number = Date.now): Relay {
  let store: RelayStore | undefined;
  let inbox: KeptInbox | undefined;
  let handover: Handover | undefined;
  let writer: KeptWriter | undefined;
  const registry = new TunnelRegistry(options, log, {
    get store() {
      return store;
    },
    onProven: (name) => handover?.poke(name),
    now,
  });
  const uploads = new PerClient(options.maxClientUploads);
  const connections = new PerClient(options.maxClientConnections);
  let server: Server | undefined;
  let housekeeping: NodeJS.Timeout | undefined;

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
    if (!name) return handleRelayApi({ options, registry, store, inbox, log }, req, res, host);
    const tunnel = registry.get(name);
    const reserved = registry.isReserved(name);
    if (!tunnel && !reserved)
      return refuse(
        res,
        404,
        `No tunnel named "${name}" is connected to this relay. If this is your Hooktray address, open Hooktray and check its tunnel status.`,
      );
    void forwardRequest({ name, tunnel, reserved }, req, res, { options, uploads, inbox, now });
  }

  function tidy(): void {
    if (!store || !inbox) return;
    // A Hooktray connected for months is claiming its name all along.
    for (const name of registry.connectedNames()) store.seen(name, now());
    inbox.expire();
    for (const name of store.forgetUnseenSince(now() - options.forgetAfterMs)) {
      inbox.forget(name);
      log.info({ id: name }, `name freed: not claimed for ${Math.round(options.forgetAfterMs / 86_400_000)} days`);
    }
  }

  return {
    registry,
    async listen() {
      if (options.dataDir) {
        store = new RelayStore(options.dataDir);
        writer = new KeptWriter(options.dataDir);
        inbox = new KeptInbox(store, writer, options.keep, options.dataDir, log, now);
        const kept = inbox;
        handover = new Handover({ store, inbox: kept, tunnelOf: (n) => registry.get(n), log, answerTimeoutMs: options.answerTimeoutMs, now });
        kept.onKept((n) => handover?.poke(n));
        tidy();
        housekeeping = setInterval(tidy, HOUSEKEEPING_MS);
        housekeeping.unref();
      }
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
      clearInterval(housekeeping);
      handover?.stop();
      registry.close();
      if (server) {
        const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeAllConnections();
        await closing;
      }
      await inbox?.drain();
      await writer?.close();
      store?.close();
    },
  };
}
