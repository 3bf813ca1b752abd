import type { Database } from '../store/database.ts';

export interface OfflinePeriod {
  id: number;
  startedAt: number;
  endedAt?: number;
  reason: string;
  /** The public address changed when it ended: platforms' retries may go to the old one. */
  urlChanged?: boolean;
}

/** A gap longer than this between heartbeats means Hooktray was not running. */
const HEARTBEAT_MS = 30_000;
const ALIVE_KEY = 'alive-at';
const STOPPED_KEY = 'stopped-at';
const PUBLIC_URL_KEY = 'last-public-url';

/** True when another process is running on this journal: a recent heartbeat and no stop after it. */
export function runningOn(db: Database, now = Date.now()): boolean {
  const value = (key: string) => Number((db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? NaN);
  const alive = value(ALIVE_KEY);
  const stopped = value(STOPPED_KEY);
  return now - alive < 1.5 * HEARTBEAT_MS && !(stopped >= alive);
}

/**
 * Periods when webhooks could not reach us. Hooktray not running is found from a heartbeat kept
 * in the journal: at start, the time since the last one is a period. Tunnel or listener outages
 * are opened and closed as they happen.
 */
export class OfflinePeriods {
  private readonly db: Database;
  private timer: NodeJS.Timeout | undefined;

  constructor(db: Database) {
    this.db = db;
  }

  /** At start: records the time since the last heartbeat (if long enough) and starts beating. */
  start(now: number): OfflinePeriod | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(ALIVE_KEY) as { value: string } | undefined;
    let recorded: OfflinePeriod | undefined;
    const last = row ? Number(row.value) : undefined;
    if (last !== undefined && now - last > 2 * HEARTBEAT_MS) recorded = this.record(last, now, 'Hooktray was not running');
    this.beat(now);
    this.timer = setInterval(() => this.beat(Date.now()), HEARTBEAT_MS);
    this.timer.unref();
    return recorded;
  }

  stop(now: number): void {
    clearInterval(this.timer);
    this.beat(now);
    this.set(STOPPED_KEY, now);
  }

  /** A period that is still going on (tunnel down); close it with end(). */
  open(now: number, reason: string): number {
    const existing = this.db.prepare('SELECT id FROM offline_periods WHERE ended_at IS NULL AND reason = ?').get(reason) as { id: number } | undefined;
    if (existing) return existing.id;
    return Number(this.db.prepare('INSERT INTO offline_periods (started_at, reason) VALUES (?, ?)').run(now, reason).lastInsertRowid);
  }

  end(now: number, reason: string): void {
    this.db.prepare('UPDATE offline_periods SET ended_at = ? WHERE ended_at IS NULL AND reason = ?').run(now, reason);
  }

  record(startedAt: number, endedAt: number, reason: string): OfflinePeriod {
    const id = Number(
      this.db.prepare('INSERT INTO offline_periods (started_at, ended_at, reason) VALUES (?, ?, ?)').run(startedAt, endedAt, reason).lastInsertRowid,
    );
    return { id, startedAt, endedAt, reason };
  }

  /** Newest first. */
  list(limit = 20): OfflinePeriod[] {
    const rows = this.db.prepare('SELECT id, started_at, ended_at, reason, url_changed FROM offline_periods ORDER BY started_at DESC LIMIT ?').all(limit) as {
      id: number;
      started_at: number;
      ended_at: number | null;
      reason: string;
      url_changed: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      startedAt: r.started_at,
      ...(r.ended_at !== null ? { endedAt: r.ended_at } : {}),
      reason: r.reason,
      ...(r.url_changed ? { urlChanged: true } : {}),
    }));
  }

  /**
   * The public address is `url` now: if it differs from the last one seen (this run or an earlier
   * one), the latest offline period is marked, because retries a platform queued meanwhile still
   * go to the old address. Returns whether it changed.
   */
  notePublicUrl(url: string): boolean {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(PUBLIC_URL_KEY) as { value: string } | undefined;
    const changed = row !== undefined && row.value !== url;
    if (changed)
      this.db.prepare('UPDATE offline_periods SET url_changed = 1 WHERE id = (SELECT id FROM offline_periods ORDER BY started_at DESC LIMIT 1)').run();
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(PUBLIC_URL_KEY, url);
    return changed;
  }

  private beat(now: number): void {
    this.set(ALIVE_KEY, now);
  }

  private set(key: string, now: number): void {
    try {
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, String(now));
    } catch {
      // A busy or full journal: the next beat tries again; a missed beat only widens a period.
    }
  }
}
