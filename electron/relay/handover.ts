import { request } from 'node:http';
import { RELAY_SIGNATURE_HEADER, RELAYED_AT_HEADER, relaySignature } from '../engine/tunnel/relay-signature.ts';
import type { ClientTunnel } from './client-tunnel.ts';
import type { KeptInbox } from './kept-inbox.ts';
import type { RelayLog } from './relay-options.ts';
import type { KeptDelivery, RelayStore } from './relay-store.ts';

export interface HandoverDeps {
  store: RelayStore;
  inbox: KeptInbox;
  /** The name's tunnel, when its Hooktray is connected and proved its name key. */
  tunnelOf(name: string): ClientTunnel | undefined;
  log: RelayLog;
  answerTimeoutMs: number;
  now?: () => number;
}

/** Deliveries handed over at once per name: a few (of its 10 sockets), so live deliveries keep flowing meanwhile. */
const AT_ONCE = 8;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Hands what was kept for a name to its Hooktray once it is back: oldest first, a few at a time,
 * through the tunnel, each with the time the relay received it and a signature over that time,
 * the method, path and body made with the name key. A delivery is deleted once Hooktray answers
 * 2xx or 4xx (it took it, or refused it for good and keeps it itself); 5xx, 408, 429 or no
 * answer puts it back with backoff.
 */
export class Handover {
  private readonly deps: HandoverDeps;
  private readonly now: () => number;
  private readonly inFlight = new Map<string, Set<number>>();
  private readonly deleting = new Map<string, Set<number>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(deps: HandoverDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
  }

  /** Something changed for `name` (its Hooktray connected, a delivery was kept): hand over what is due. */
  poke(name: string): void {
    if (this.stopped) return;
    const tunnel = this.deps.tunnelOf(name);
    const key = tunnel?.nameKey;
    if (!tunnel || !key) return;
    const busy = this.inFlight.get(name) ?? new Set<number>();
    this.inFlight.set(name, busy);
    if (busy.size >= AT_ONCE) return;
    // Handed over but not deleted yet: skipped, so nothing goes twice while its delete is on its way.
    const deleting = this.deleting.get(name) ?? new Set<number>();
    this.deleting.set(name, deleting);
    const due = this.deps.store.due(name, this.now(), AT_ONCE + busy.size + deleting.size).filter((k) => !busy.has(k.id) && !deleting.has(k.id));
    if (!due.length && !busy.size) return this.wakeAtNextTry(name);
    for (const kept of due.slice(0, AT_ONCE - busy.size)) {
      busy.add(kept.id);
      void this.send(tunnel, key, kept).then((handed) => {
        busy.delete(kept.id);
        if (handed) {
          deleting.add(kept.id);
          void this.deps.inbox.handedOver(kept.id, name, kept.body.length).then(() => deleting.delete(kept.id));
        } else {
          this.deps.store.postpone(kept.id, kept.attempts + 1, this.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** kept.attempts));
        }
        this.poke(name);
      });
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
  }

  private wakeAtNextTry(name: string): void {
    clearTimeout(this.timers.get(name));
    const at = this.deps.store.nextTryAt(name);
    if (at === undefined) return;
    const timer = setTimeout(() => this.poke(name), Math.max(0, at - this.now()) + 10);
    timer.unref();
    this.timers.set(name, timer);
  }

  /** True when Hooktray answered for good (2xx, or a 4xx other than 408/429). */
  private send(tunnel: ClientTunnel, nameKey: string, kept: KeptDelivery): Promise<boolean> {
    const relayedAt = new Date(kept.receivedAt).toISOString();
    const headers = {
      ...kept.headers,
      'content-length': String(kept.body.length),
      [RELAYED_AT_HEADER]: relayedAt,
      [RELAY_SIGNATURE_HEADER]: relaySignature(nameKey, relayedAt, kept.method, kept.path, kept.body),
    };
    return new Promise((resolve) => {
      let settled = false;
      const settle = (handed: boolean, status?: number) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!handed)
          this.deps.log.info(
            { name: kept.name, id: kept.id, status: status ?? null, attempts: kept.attempts + 1 },
            'a kept delivery was not taken yet; trying again later',
          );
        resolve(handed);
      };
      const req = request({ agent: tunnel.agent, host: 'tunnel', port: 80, method: kept.method, path: kept.path, headers, setHost: false }, (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        settle(status >= 200 && status < 500 && status !== 408 && status !== 429, status);
      });
      const timer = setTimeout(() => {
        req.destroy();
        settle(false);
      }, this.deps.answerTimeoutMs);
      req.on('error', () => settle(false));
      req.end(kept.body);
    });
  }
}
