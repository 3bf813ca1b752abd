import { Agent, type AgentOptions } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Duplex } from 'node:stream';
import { nameKeyId, newKey, sameText, type Hello } from '../engine/tunnel/relay-protocol.ts';
import { plainAddress } from './client-address.ts';
import type { RelayOptions } from './relay-options.ts';
import { provenSocket, type GateVerdict, type TunnelClaim } from './socket-gate.ts';
import { listenInRange } from './tunnel-port.ts';

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

/** Claims kept per name: the owner's latest few registrations (a reconnect may overlap the last). */
const KEPT_CLAIMS = 4;

/** What the registry hears from a tunnel. */
export interface TunnelHooks {
  /** No socket for the grace period: free the name. */
  expire(tunnel: ClientTunnel): void;
  /** A socket proved the name key; `issuedKeyId` when this was the name's first claim. */
  proven(tunnel: ClientTunnel, issuedKeyId?: string): void;
}

/**
 * One registered name: a TCP port its client connects sockets to, the pool of those sockets,
 * and the grace timer that frees the name some time after the last socket closed.
 *
 * A socket serves the name only if it comes from the address that registered it; for Hooktray's
 * client (`proof`) it must also start with the registration's socket key and the name key (see
 * relay-protocol.ts). A relay without a secret also serves the stock client, bound to its address.
 */
export class ClientTunnel {
  readonly id: string;
  /** Hooktray's client: every socket proves itself. False: the stock client, bound to its address. */
  readonly proof: boolean;
  /** Hooktray's sockets come over TLS (a relay with --tls-cert). */
  readonly secure: boolean;
  readonly agent: TunnelAgent;
  /** The name key, once a socket showed it: what handed-over deliveries are signed with. Memory only. */
  nameKey: string | undefined;
  /** Public requests being answered or waiting for a socket. */
  inFlight = 0;
  private claims: TunnelClaim[] = [];
  private seq = 0;
  private currentSeq = 0;
  /** Set when the first socket proved the name: what later sockets' name keys must hash to. */
  private keyId: string | undefined;
  private server: Server | undefined;
  private readonly sockets = new Map<Socket, number>();
  private idle: Socket[] = [];
  private waiting: SocketCallback[] = [];
  private graceTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly options: RelayOptions;
  private readonly hooks: TunnelHooks;

  /** `keyId`: the name is reserved (relay data folder), so even its first socket must show that key. */
  constructor(id: string, proof: boolean, options: RelayOptions, hooks: TunnelHooks, keyId?: string) {
    this.id = id;
    this.proof = proof;
    this.secure = proof && options.tls !== undefined;
    this.options = options;
    this.hooks = hooks;
    this.keyId = keyId;
    this.agent = new TunnelAgent(this, { keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets, scheduling: 'fifo' });
  }

  get port(): number {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  get connectedSockets(): number {
    return this.sockets.size;
  }

  /** The address of the latest registration: for the stock client, the only one that may take it over. */
  get ownerAddress(): string | undefined {
    return this.claims.at(-1)?.address;
  }

  /** True when `id` is the hash of this name's key (the registration of its owner). */
  ownedBy(id: string | undefined): boolean {
    return this.keyId !== undefined && id !== undefined && sameText(id, this.keyId);
  }

  /** A registration from `address`; a Hooktray client gets a socket key to start each socket with. */
  addClaim(address: string): TunnelClaim {
    const claim: TunnelClaim = { seq: ++this.seq, address: plainAddress(address), ...(this.proof ? { socketKey: newKey() } : {}) };
    this.claims = [...this.claims, claim].slice(-KEPT_CLAIMS);
    if (this.sockets.size === 0) this.startGrace();
    return claim;
  }

  /** Opens a fresh port (closing any earlier one and its sockets): a new registration or a stock client's takeover. */
  async listen(): Promise<number> {
    this.dropConnection();
    const tls = this.secure ? this.options.tls : undefined;
    const server = tls
      ? createTlsServer({ cert: tls.cert, key: tls.key, handshakeTimeout: 10_000 }, (socket) => void this.admit(socket))
      : createServer({ noDelay: true, pauseOnConnect: true }, (socket) => void this.admit(socket));
    // Before any TLS handshake: a connection from anywhere but a registering address is closed at once.
    if (tls) server.on('connection', (socket: Socket) => this.fromClaimant(socket) || socket.destroy());
    // Room for the owner's sockets while a few others wait to be refused.
    server.maxConnections = this.options.maxSockets * 2;
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

  private async admit(socket: Socket): Promise<void> {
    if (this.secure) socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    const address = plainAddress(socket.remoteAddress ?? '');
    // Checked before reading a byte: a socket from anywhere else is closed at once.
    if (this.closed || !this.fromClaimant(socket)) return void socket.destroy();
    let verdict: GateVerdict;
    if (this.proof) {
      socket.resume();
      verdict = await provenSocket(socket, (hello) => this.decide(hello, address));
    } else {
      verdict = { ok: true, claim: this.claims.at(-1)! };
    }
    if (!verdict.ok || this.closed || socket.destroyed) return void socket.end();
    this.adopt(socket, verdict.claim.seq);
    if (this.proof) this.hooks.proven(this, verdict.issuedKeyId);
  }

  private fromClaimant(socket: Socket): boolean {
    const address = plainAddress(socket.remoteAddress ?? '');
    return this.claims.some((c) => c.address === address);
  }

  /** Runs synchronously when a socket's proof line arrived: at most one socket is ever first. */
  private decide(hello: Hello | undefined, address: string): GateVerdict {
    if (!hello) return { ok: false, message: 'the connection did not start with a Hooktray tunnel proof' };
    const claim = this.claims.find((c) => c.socketKey !== undefined && sameText(hello.socketKey, c.socketKey));
    if (!claim || claim.address !== address) return { ok: false, message: 'the socket key does not belong to a registration of this name from this address' };
    if (claim.seq < this.currentSeq) return { ok: false, message: 'a newer registration of this name replaced this one; register again' };
    if (this.sockets.size >= this.options.maxSockets && claim.seq === this.currentSeq)
      return { ok: false, message: `this name already has its ${this.options.maxSockets} sockets` };
    if (this.keyId === undefined) {
      const issued = newKey();
      this.keyId = nameKeyId(issued);
      this.nameKey = issued;
      this.replaceOlderThan(claim.seq);
      return { ok: true, claim, issuedNameKey: issued, issuedKeyId: this.keyId };
    }
    if (!hello.nameKey || !sameText(nameKeyId(hello.nameKey), this.keyId))
      return { ok: false, message: 'the name key is wrong: this name belongs to another Hooktray' };
    this.nameKey = hello.nameKey;
    this.replaceOlderThan(claim.seq);
    return { ok: true, claim };
  }

  /** The owner registered again: sockets of its earlier registrations are stale. */
  private replaceOlderThan(seq: number): void {
    if (seq <= this.currentSeq) return;
    this.currentSeq = seq;
    for (const [socket, socketSeq] of this.sockets) if (socketSeq < seq) socket.destroy();
  }

  private adopt(socket: Socket, seq: number): void {
    if (this.sockets.size >= this.options.maxSockets) return void socket.destroy();
    this.sockets.set(socket, seq);
    clearTimeout(this.graceTimer);
    socket.setKeepAlive(true, 30_000);
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.idle = this.idle.filter((s) => s !== socket);
      if (this.sockets.size === 0) this.startGrace();
    });
    socket.resume();
    const next = this.waiting.shift();
    if (next) next(null, socket);
    else this.idle.push(socket);
  }

  /** Closes the port and every socket; waiting requests stay queued for the next connection. */
  private dropConnection(): void {
    this.server?.close();
    this.server = undefined;
    for (const socket of this.sockets.keys()) socket.destroy();
    this.sockets.clear();
    this.idle = [];
  }

  private startGrace(): void {
    clearTimeout(this.graceTimer);
    if (this.closed) return;
    this.graceTimer = setTimeout(() => this.hooks.expire(this), this.options.graceMs);
    this.graceTimer.unref();
  }
}
