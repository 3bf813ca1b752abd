import { Agent, type AgentOptions } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RelayOptions } from './relay-options.ts';

type SocketCallback = (error: Error | null, socket?: Duplex) => void;

/**
 * Hands public requests to the sockets one client opened to its tunnel port. Node's Agent does
 * the HTTP/1.1 framing and keep-alive; we only decide which raw socket it gets.
 */
class TunnelAgent extends Agent {
  private readonly tunnel: ClientTunnel;

  constructor(tunnel: ClientTunnel, options: AgentOptions) {
    super(options);
    this.tunnel = tunnel;
  }

  override createConnection(_options: unknown, callback: SocketCallback): undefined {
    this.tunnel.take(callback);
    return undefined;
  }
}

/**
 * One registered name: a TCP port the client connects its sockets to, the pool of those sockets,
 * and the grace timer that frees the name some time after the last socket closed.
 */
export class ClientTunnel {
  readonly id: string;
  /** Who may take the name over while it is held (secret holder or client address). */
  readonly owner: string;
  readonly agent: TunnelAgent;
  /** Public requests being answered or waiting for a socket. */
  inFlight = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private idle: Socket[] = [];
  private waiting: SocketCallback[] = [];
  private graceTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly options: RelayOptions;
  private readonly onExpire: (tunnel: ClientTunnel) => void;

  constructor(id: string, owner: string, options: RelayOptions, onExpire: (tunnel: ClientTunnel) => void) {
    this.id = id;
    this.owner = owner;
    this.options = options;
    this.onExpire = onExpire;
    this.agent = new TunnelAgent(this, { keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets, scheduling: 'fifo' });
  }

  get port(): number {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  get connectedSockets(): number {
    return this.sockets.size;
  }

  /** Opens a fresh port (closing any earlier one and its sockets): a new registration or a takeover. */
  async listen(): Promise<number> {
    this.dropConnection();
    const server = createServer({ noDelay: true }, (socket) => this.adopt(socket));
    server.maxConnections = this.options.maxSockets;
    await listenInRange(server, this.options.tunnelAddress ?? this.options.address, this.options.tunnelPorts);
    this.server = server;
    this.startGrace();
    return this.port;
  }

  /** For the agent: an unused socket now, or the next one the client opens. */
  take(callback: SocketCallback): void {
    if (this.closed) return callback(new Error('tunnel closed'));
    const socket = this.idle.shift();
    if (socket) callback(null, socket);
    else this.waiting.push(callback);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.graceTimer);
    this.dropConnection();
    for (const callback of this.waiting.splice(0)) callback(new Error('tunnel closed'));
    this.agent.destroy();
  }

  private adopt(socket: Socket): void {
    if (this.closed || this.sockets.size >= this.options.maxSockets) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    clearTimeout(this.graceTimer);
    socket.setKeepAlive(true, 30_000);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.idle = this.idle.filter((s) => s !== socket);
      if (this.sockets.size === 0) this.startGrace();
    });
    const next = this.waiting.shift();
    if (next) next(null, socket);
    else this.idle.push(socket);
  }

  /** Closes the port and every socket; waiting requests stay queued for the next connection. */
  private dropConnection(): void {
    this.server?.close();
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.idle = [];
  }

  private startGrace(): void {
    clearTimeout(this.graceTimer);
    if (this.closed) return;
    this.graceTimer = setTimeout(() => this.onExpire(this), this.options.graceMs);
    this.graceTimer.unref();
  }
}

/** Listens on a free port, within `range` when one is configured. */
async function listenInRange(server: Server, host: string, range: RelayOptions['tunnelPorts']): Promise<void> {
  const ports = range ? shuffled(range.min, range.max) : [0];
  for (const port of ports) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  throw Object.assign(new Error(`no free port left in ${range?.min}-${range?.max}`), { code: 'EADDRINUSE' });
}

function shuffled(min: number, max: number): number[] {
  const ports = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  for (let i = ports.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [ports[i], ports[j]] = [ports[j]!, ports[i]!];
  }
  return ports;
}
