import { ClientTunnel, type TunnelHooks } from './client-tunnel.ts';
import type { RelayLog, RelayOptions } from './relay-options.ts';
import type { RelayStore } from './relay-store.ts';
import type { TunnelClaim } from './socket-gate.ts';
import { randomTunnelName } from './tunnel-names.ts';
import { sameText } from '../engine/tunnel/relay-protocol.ts';

export class RelayRefusal extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Who is registering: their address, and for Hooktray's client the id of the name key it holds. */
export interface Claimant {
  address: string;
  /** Hooktray's client: its sockets will prove themselves (relay-protocol.ts). */
  hooktray: boolean;
  nameKeyId?: string;
}

export interface RegistryDeps {
  /** With a data folder: names Hooktray claimed stay reserved for the holder of their key, across restarts. */
  store?: RelayStore;
  /** A Hooktray proved its name key on a socket: what was kept for it can be handed over. */
  onProven?(name: string): void;
  now?: () => number;
}

/**
 * Which names are held, and by whom. A name belongs to whoever claimed it first until it is
 * freed: `graceMs` after its last socket closed, or, with a data folder, for good (until it is
 * not claimed for --forget-after days). Only its owner gets it back meanwhile: for Hooktray's
 * client, the holder of the name key; for the stock client (relay without a secret), the same
 * address. Anyone else asking for it gets a random name, as the stock server does.
 */
export class TunnelRegistry {
  private readonly tunnels = new Map<string, ClientTunnel>();
  private readonly options: RelayOptions;
  private readonly log: RelayLog;
  private readonly deps: RegistryDeps;
  private readonly now: () => number;
  private readonly hooks: TunnelHooks;

  constructor(options: RelayOptions, log: RelayLog, deps: RegistryDeps = {}) {
    this.options = options;
    this.log = log;
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    this.hooks = {
      expire: (tunnel) => this.expire(tunnel),
      proven: (tunnel, issuedKeyId) => {
        if (issuedKeyId) this.deps.store?.reserve(tunnel.id, issuedKeyId, this.now());
        else this.deps.store?.seen(tunnel.id, this.now());
        this.deps.onProven?.(tunnel.id);
      },
    };
  }

  /** Names whose Hooktray is connected right now. */
  connectedNames(): string[] {
    return [...this.tunnels.values()].filter((t) => t.proof && t.connectedSockets > 0).map((t) => t.id);
  }

  /** A name kept for its Hooktray in the data folder (connected or not). */
  isReserved(name: string): boolean {
    return this.deps.store?.keyIdOf(name) !== undefined;
  }

  get size(): number {
    return this.tunnels.size;
  }

  get(name: string): ClientTunnel | undefined {
    return this.tunnels.get(name);
  }

  /** A tunnel and a claim on it for `who`, named `requested` when that is free or already theirs. */
  async claim(requested: string | undefined, who: Claimant): Promise<{ tunnel: ClientTunnel; claim: TunnelClaim }> {
    const allow = this.options.allow;
    if (allow && !requested) throw new RelayRefusal(403, 'This relay hands out only reserved names: set a subdomain (tunnel.subdomain) that the relay allows.');
    if (allow && requested && !allow.includes(requested)) throw new RelayRefusal(403, `The name "${requested}" is not on this relay's allow-list.`);
    const held = requested ? this.tunnels.get(requested) : undefined;
    if (held && who.hooktray && held.proof && held.ownedBy(who.nameKeyId)) {
      // The owner is back; its sockets prove themselves and replace the old ones.
      const claim = held.addClaim(who.address);
      this.log.info({ id: held.id, port: held.port }, 'tunnel registered again by its owner');
      return { tunnel: held, claim };
    }
    if (held && !who.hooktray && !held.proof && held.ownerAddress === who.address) {
      // The stock client is back from the same address: new port, the old sockets are dropped.
      const claim = held.addClaim(who.address);
      await held.listen();
      this.log.info({ id: held.id, port: held.port }, 'tunnel taken over by its owner');
      return { tunnel: held, claim };
    }
    // Reserved in the data folder while nobody is connected: only for the holder of its key.
    const reservedFor = requested && !held ? this.deps.store?.keyIdOf(requested) : undefined;
    const taken = held !== undefined || (reservedFor !== undefined && !(who.hooktray && who.nameKeyId !== undefined && sameText(who.nameKeyId, reservedFor)));
    if (taken && allow) throw new RelayRefusal(409, `The name "${requested}" is in use by another client.`);
    if (this.tunnels.size >= this.options.maxTunnels) throw new RelayRefusal(503, 'This relay is full; try again later.');
    const name = requested && !taken ? requested : this.freeRandomName();
    const tunnel = new ClientTunnel(name, who.hooktray, this.options, this.hooks, name === requested ? reservedFor : undefined);
    const claim = tunnel.addClaim(who.address);
    this.tunnels.set(name, tunnel);
    try {
      await tunnel.listen();
    } catch (error) {
      this.tunnels.delete(name);
      tunnel.close();
      throw new RelayRefusal(503, `No port free for a new tunnel (${(error as Error).message}); try again later.`);
    }
    this.log.info({ id: name, port: tunnel.port, requested: requested ?? null }, 'tunnel registered');
    return { tunnel, claim };
  }

  close(): void {
    for (const tunnel of this.tunnels.values()) tunnel.close();
    this.tunnels.clear();
  }

  private expire(tunnel: ClientTunnel): void {
    if (this.tunnels.get(tunnel.id) !== tunnel) return;
    this.tunnels.delete(tunnel.id);
    tunnel.close();
    if (this.isReserved(tunnel.id)) this.log.info({ id: tunnel.id }, 'Hooktray went away: its deliveries are kept until it is back');
    else this.log.info({ id: tunnel.id }, 'tunnel freed: no sockets for the grace period');
  }

  private freeRandomName(): string {
    for (;;) {
      const name = randomTunnelName();
      if (!this.tunnels.has(name) && !this.isReserved(name)) return name;
    }
  }
}
