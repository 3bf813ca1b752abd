import { ClientTunnel } from './client-tunnel.ts';
import type { RelayLog, RelayOptions } from './relay-options.ts';
import type { TunnelClaim } from './socket-gate.ts';
import { randomTunnelName } from './tunnel-names.ts';

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

/**
 * Which names are held, and by whom. A name belongs to whoever claimed it first until it is
 * freed: `graceMs` after its last socket closed. Only its owner gets it back meanwhile — for
 * Hooktray's client, the holder of the name key; for the stock client (relay without a secret),
 * the same address. Anyone else asking for it gets a random name, as the stock server does.
 */
export class TunnelRegistry {
  private readonly tunnels = new Map<string, ClientTunnel>();
  private readonly options: RelayOptions;
  private readonly log: RelayLog;

  constructor(options: RelayOptions, log: RelayLog) {
    this.options = options;
    this.log = log;
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
    if (held && allow) throw new RelayRefusal(409, `The name "${requested}" is in use by another client.`);
    if (this.tunnels.size >= this.options.maxTunnels) throw new RelayRefusal(503, 'This relay is full; try again later.');
    const name = requested && !held ? requested : this.freeRandomName();
    const tunnel = new ClientTunnel(name, who.hooktray, this.options, (expired) => this.expire(expired));
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
    this.log.info({ id: tunnel.id }, 'tunnel freed: no sockets for the grace period');
  }

  private freeRandomName(): string {
    for (;;) {
      const name = randomTunnelName();
      if (!this.tunnels.has(name)) return name;
    }
  }
}
