import { statfsSync } from 'node:fs';
import type { RelayLog } from './relay-options.ts';
import type { KeptWriter } from './kept-writer.ts';
import type { KeptStats, NewKept, RelayStore } from './relay-store.ts';

export interface KeepBounds {
  maxCount: number;
  maxBytes: number;
  /** Kept deliveries older than this are deleted (the owner was told they would be). */
  keepMs: number;
}

export type KeepCheck = { ok: true } | { ok: false; status: 503 | 507; message: string };

/** Never fill the disk: refuse when less than this would be left (or 5% of a small disk). */
const MIN_FREE_BYTES = 1024 ** 3;

/**
 * What the relay keeps for reserved names while their Hooktray is away: bounded per name (count,
 * size, age) and by the disk's free space, and written in groups: every delivery that arrives
 * while one commit is on its way goes into the next one, so a burst costs a few fsyncs, not one
 * each. A caller answers "kept" only after its delivery's commit.
 */
export class KeptInbox {
  private readonly store: RelayStore;
  private readonly writer: KeptWriter;
  private readonly bounds: KeepBounds;
  private readonly dataDir: string;
  private readonly log: RelayLog;
  private readonly now: () => number;
  private readonly totals: Map<string, KeptStats>;
  /** Sent to the writer, not yet on disk. */
  private readonly inFlight = new Map<string, KeptStats>();
  private pending: { kept: NewKept; done: (error?: Error) => void }[] = [];
  private deletes: { id: number; name: string; size: number; done: () => void }[] = [];
  private flushing = false;
  private disk = { checkedAt: 0, free: Infinity, total: Infinity };
  private readonly fullSince = new Map<string, number>();
  private readonly listeners = new Set<(name: string) => void>();

  constructor(store: RelayStore, writer: KeptWriter, bounds: KeepBounds, dataDir: string, log: RelayLog, now: () => number = Date.now) {
    this.store = store;
    this.writer = writer;
    this.bounds = bounds;
    this.dataDir = dataDir;
    this.log = log;
    this.now = now;
    this.totals = store.stats();
  }

  /** Called after a commit that kept something for `name` (the handover may start). */
  onKept(listener: (name: string) => void): void {
    this.listeners.add(listener);
  }

  stats(name: string): KeptStats {
    const total = this.totals.get(name);
    return { count: total?.count ?? 0, bytes: total?.bytes ?? 0 };
  }

  /** True while `name` is at its bounds (new deliveries get 507). */
  isFull(name: string): boolean {
    const { count, bytes } = this.stats(name);
    return count >= this.bounds.maxCount || bytes >= this.bounds.maxBytes;
  }

  /** Resolves when everything handed in so far is written (at shutdown). */
  async drain(): Promise<void> {
    while (this.flushing || this.pending.length || this.deletes.length || this.inFlight.size) await new Promise((r) => setImmediate(r));
  }

  /** Whether a delivery of `size` bytes may be kept for `name` now; why not, in words, if not. */
  check(name: string, size: number): KeepCheck {
    const { count, bytes } = this.stats(name);
    // Deliveries on their way to the disk count too, or a burst could overshoot the bounds.
    const queued = this.pending.filter((p) => p.kept.name === name);
    const writing = this.inFlight.get(name) ?? { count: 0, bytes: 0 };
    const queuedCount = queued.length + writing.count;
    const queuedBytes = queued.reduce((sum, p) => sum + p.kept.body.length, 0) + writing.bytes;
    if (count + queuedCount >= this.bounds.maxCount || bytes + queuedBytes + size > this.bounds.maxBytes) {
      this.tellFull(name, count, bytes);
      return {
        ok: false,
        status: 507,
        message: `The relay is already keeping as much as it may for ${name} (${this.bounds.maxCount.toLocaleString('en')} deliveries or ${Math.round(this.bounds.maxBytes / 1024 / 1024)} MB) until its Hooktray comes back. Send it again later.`,
      };
    }
    const disk = this.diskSpace();
    if (disk.free - size < Math.min(MIN_FREE_BYTES, disk.total * 0.05)) {
      this.log.warn({ name, freeBytes: disk.free }, 'not keeping a delivery: the disk is almost full');
      return { ok: false, status: 503, message: 'The relay cannot keep this delivery right now (its disk is almost full). Send it again later.' };
    }
    this.fullSince.delete(name);
    return { ok: true };
  }

  /** Stores a delivery; resolves once it is on disk. */
  keep(kept: NewKept): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ kept, done: (error) => (error ? reject(error) : resolve()) });
      this.schedule();
    });
  }

  /** A kept delivery was handed over: deleted with the next commit (resolves after it). */
  handedOver(id: number, name: string, size: number): Promise<void> {
    return new Promise((done) => {
      this.deletes.push({ id, name, size, done });
      this.schedule();
    });
  }

  /** Deletes what is older than --keep-days; says so per name. */
  expire(): void {
    const gone = this.store.expire(this.now() - this.bounds.keepMs);
    const byName = new Map<string, number>();
    for (const row of gone) {
      byName.set(row.name, (byName.get(row.name) ?? 0) + 1);
      this.subtract(row.name, row.size);
    }
    for (const [name, count] of byName)
      this.log.warn({ name, count }, `deleted ${count} kept deliveries older than the keep period: their Hooktray did not come back in time`);
  }

  /** Forgets everything kept for a freed name. */
  forget(name: string): void {
    this.totals.delete(name);
  }

  /**
   * What arrived in this turn of the event loop goes to the writer at once, without waiting for
   * the last write: the writer groups whatever reaches it during a commit into the next one.
   */
  private schedule(): void {
    if (!this.flushing) setImmediate(() => void this.flush());
    this.flushing = true;
  }

  private async flush(): Promise<void> {
    this.flushing = false;
    const batch = this.pending;
    const deletes = this.deletes;
    this.pending = [];
    this.deletes = [];
    if (!batch.length && !deletes.length) return;
    for (const { kept } of batch) this.add(this.inFlight, kept.name, kept.body.length);
    let error: Error | undefined;
    try {
      await this.writer.write(
        batch.map((p) => p.kept),
        deletes.map((d) => d.id),
      );
    } catch (caught) {
      error = caught as Error;
      this.log.warn({ err: error.message, count: batch.length }, 'could not write kept deliveries');
    }
    for (const { kept } of batch) {
      this.add(this.inFlight, kept.name, -kept.body.length, -1);
      if (!error) this.add(this.totals, kept.name, kept.body.length);
    }
    if (error) this.deletes.push(...deletes);
    else
      for (const d of deletes) {
        this.subtract(d.name, d.size);
        d.done();
      }
    for (const p of batch) p.done(error);
    if (this.deletes.length && !error) this.schedule();
    if (!error) for (const name of new Set(batch.map((p) => p.kept.name))) for (const listener of this.listeners) listener(name);
  }

  private add(map: Map<string, KeptStats>, name: string, bytes: number, count = 1): void {
    const total = map.get(name) ?? { count: 0, bytes: 0 };
    const next = { count: total.count + count, bytes: total.bytes + bytes };
    if (next.count <= 0) map.delete(name);
    else map.set(name, next);
  }

  private subtract(name: string, size: number): void {
    const total = this.totals.get(name);
    if (!total) return;
    if (total.count <= 1) this.totals.delete(name);
    else this.totals.set(name, { count: total.count - 1, bytes: total.bytes - size });
  }

  private tellFull(name: string, count: number, bytes: number): void {
    const since = this.fullSince.get(name);
    if (since !== undefined && this.now() - since < 60_000) return;
    this.fullSince.set(name, this.now());
    this.log.warn({ name, count, bytes }, 'a name reached its keep limit: new deliveries get 507 until its Hooktray takes them');
  }

  private diskSpace(): { free: number; total: number } {
    if (this.now() - this.disk.checkedAt > 1000) {
      try {
        const s = statfsSync(this.dataDir);
        this.disk = { checkedAt: this.now(), free: s.bavail * s.bsize, total: s.blocks * s.bsize };
      } catch {
        this.disk = { checkedAt: this.now(), free: Infinity, total: Infinity };
      }
    }
    return this.disk;
  }
}
