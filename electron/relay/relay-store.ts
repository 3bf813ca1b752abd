import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

/** A delivery kept for a name while its Hooktray was away, as received. */
export interface KeptDelivery {
  id: number;
  name: string;
  receivedAt: number;
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: Uint8Array;
  attempts: number;
}

export type NewKept = Omit<KeptDelivery, 'id' | 'attempts'>;

export interface KeptStats {
  count: number;
  bytes: number;
  oldest?: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS names (
    name TEXT PRIMARY KEY,
    key_id TEXT NOT NULL,        -- a hash of the name key (relay-protocol.ts), never the key
    claimed_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL     -- last claim or connection; names unseen for --forget-after are freed
  ) STRICT;
  CREATE TABLE IF NOT EXISTS kept (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    size INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE INDEX IF NOT EXISTS kept_by_name ON kept (name, id);
`;

/**
 * The relay's data folder: reserved names (with the hash of each name key) and the deliveries
 * kept for them. WAL with synchronous=FULL, so a delivery the relay answered "kept" survives a
 * kill -9 or a power cut. Synchronous calls: the caller groups writes into few transactions.
 */
export class RelayStore {
  private readonly db: DatabaseSync;
  private readonly sql: Record<string, StatementSync>;
  /** Reserved names and their key ids, read once: every public request asks. */
  private names: Map<string, string> | undefined;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = join(dataDir, 'relay.db');
    this.db = new DatabaseSync(file, { timeout: 5000 });
    chmodSync(file, 0o600);
    this.db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA journal_size_limit = ${32 * 1024 * 1024};`);
    this.db.exec(SCHEMA);
    this.sql = {
      reserve: this.db.prepare(
        'INSERT INTO names (name, key_id, claimed_at, seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET key_id = excluded.key_id, seen_at = excluded.seen_at',
      ),
      seen: this.db.prepare('UPDATE names SET seen_at = ? WHERE name = ?'),
      unseen: this.db.prepare('SELECT name FROM names WHERE seen_at < ?'),
      forgetName: this.db.prepare('DELETE FROM names WHERE name = ?'),
      forgetKept: this.db.prepare('DELETE FROM kept WHERE name = ?'),
      insert: this.db.prepare('INSERT INTO kept (name, received_at, method, path, headers, body, size) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      delete: this.db.prepare('DELETE FROM kept WHERE id = ?'),
      due: this.db.prepare(
        'SELECT id, name, received_at, method, path, headers, body, attempts FROM kept WHERE name = ? AND next_try_at <= ? ORDER BY id LIMIT ?',
      ),
      nextTry: this.db.prepare('SELECT MIN(next_try_at) AS at FROM kept WHERE name = ?'),
      postpone: this.db.prepare('UPDATE kept SET attempts = ?, next_try_at = ? WHERE id = ?'),
      oldest: this.db.prepare('SELECT MIN(received_at) AS at FROM kept WHERE name = ?'),
      stats: this.db.prepare('SELECT name, COUNT(*) AS count, SUM(size) AS bytes, MIN(received_at) AS oldest FROM kept GROUP BY name'),
      expired: this.db.prepare('DELETE FROM kept WHERE received_at < ? RETURNING name, size, received_at'),
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
    };
  }

  keyIdOf(name: string): string | undefined {
    this.names ??= new Map((this.db.prepare('SELECT name, key_id FROM names').all() as { name: string; key_id: string }[]).map((r) => [r.name, r.key_id]));
    return this.names.get(name);
  }

  reserve(name: string, keyId: string, now: number): void {
    this.sql.reserve!.run(name, keyId, now, now);
    this.names?.set(name, keyId);
  }

  seen(name: string, now: number): void {
    this.sql.seen!.run(now, name);
  }

  /** Frees names nobody claimed since `cutoff`, with what was kept for them; returns the names. */
  forgetUnseenSince(cutoff: number): string[] {
    const names = (this.sql.unseen!.all(cutoff) as { name: string }[]).map((r) => r.name);
    if (names.length) this.transaction(() => names.forEach((n) => (this.sql.forgetName!.run(n), this.sql.forgetKept!.run(n))));
    for (const n of names) this.names?.delete(n);
    return names;
  }

  /** One transaction (one fsync) for a group of new kept deliveries and finished ones. */
  write(inserts: readonly NewKept[], deletes: readonly number[]): number[] {
    return this.transaction(() => {
      for (const id of deletes) this.sql.delete!.run(id);
      return inserts.map((k) =>
        Number(this.sql.insert!.run(k.name, k.receivedAt, k.method, k.path, JSON.stringify(k.headers), k.body, k.body.length).lastInsertRowid),
      );
    });
  }

  /** The oldest kept deliveries of `name` due for a try, in the order they arrived. */
  due(name: string, now: number, limit: number): KeptDelivery[] {
    const rows = this.sql.due!.all(name, now, limit) as {
      id: number;
      name: string;
      received_at: number;
      method: string;
      path: string;
      headers: string;
      body: Uint8Array;
      attempts: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      receivedAt: r.received_at,
      method: r.method,
      path: r.path,
      headers: JSON.parse(r.headers) as KeptDelivery['headers'],
      body: r.body,
      attempts: r.attempts,
    }));
  }

  nextTryAt(name: string): number | undefined {
    return (this.sql.nextTry!.get(name) as { at: number | null }).at ?? undefined;
  }

  oldestKept(name: string): number | undefined {
    return (this.sql.oldest!.get(name) as { at: number | null }).at ?? undefined;
  }

  postpone(id: number, attempts: number, nextTryAt: number): void {
    this.sql.postpone!.run(attempts, nextTryAt, id);
  }

  stats(): Map<string, KeptStats> {
    const rows = this.sql.stats!.all() as { name: string; count: number; bytes: number; oldest: number }[];
    return new Map(rows.map((r) => [r.name, { count: r.count, bytes: r.bytes, oldest: r.oldest }]));
  }

  /** Deletes deliveries received before `cutoff`; returns what went, per name. */
  expire(cutoff: number): { name: string; size: number; receivedAt: number }[] {
    return (this.sql.expired!.all(cutoff) as { name: string; size: number; received_at: number }[]).map((r) => ({
      name: r.name,
      size: r.size,
      receivedAt: r.received_at,
    }));
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private transaction<T>(fn: () => T): T {
    this.sql.begin!.run();
    try {
      const result = fn();
      this.sql.commit!.run();
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }
}
