import type { RefusedRelayed } from '../../../shared/relayed.ts';
import type { SourceId } from '../../../shared/sources.ts';
import type { Database } from './database.ts';

/** Enough for a long weekend of a busy shop's refused deliveries; the oldest go first past it. */
const KEEP_ROWS = 5000;

export interface KeptRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

/**
 * Refused deliveries that our relay had kept and handed over, stored whole (method, address,
 * every header, body) for "Accept again". Rejections of anything else keep only an excerpt.
 * Its own table, created here: the one path that writes it is rare (a relay-signed delivery
 * that was refused), so it writes on the main connection instead of through the journal writer.
 */
export class RefusedRelayedStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS refused_relayed (
      id INTEGER PRIMARY KEY,
      source TEXT NOT NULL,
      relayed_at INTEGER NOT NULL,
      refused_at INTEGER NOT NULL,
      code TEXT NOT NULL,
      message TEXT NOT NULL,
      method TEXT NOT NULL,
      url TEXT NOT NULL,
      headers TEXT NOT NULL,
      body BLOB NOT NULL,
      signature TEXT NOT NULL UNIQUE -- the relay's: a delivery handed over twice is kept once
    ) STRICT`);
  }

  keep(r: { source: SourceId; relayedAt: number; refusedAt: number; code: string; message: string; signature: string; request: KeptRequest }): void {
    const { lastInsertRowid, changes } = this.db
      .prepare(
        `INSERT INTO refused_relayed (source, relayed_at, refused_at, code, message, method, url, headers, body, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (signature) DO UPDATE SET refused_at = excluded.refused_at, code = excluded.code, message = excluded.message`,
      )
      .run(
        r.source,
        r.relayedAt,
        r.refusedAt,
        r.code,
        r.message,
        r.request.method,
        r.request.url,
        JSON.stringify(r.request.headers),
        r.request.body,
        r.signature,
      );
    if (changes && Number(lastInsertRowid) % 100 === 0)
      this.db.prepare('DELETE FROM refused_relayed WHERE id <= (SELECT MAX(id) FROM refused_relayed) - ?').run(KEEP_ROWS);
  }

  list(limit = 200): RefusedRelayed[] {
    const rows = this.db
      .prepare('SELECT id, source, relayed_at, refused_at, code, message, length(body) AS bytes FROM refused_relayed ORDER BY relayed_at, id LIMIT ?')
      .all(limit) as {
      id: number;
      source: SourceId;
      relayed_at: number;
      refused_at: number;
      code: string;
      message: string;
      bytes: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      receivedAt: new Date(r.relayed_at).toISOString(),
      refusedAt: new Date(r.refused_at).toISOString(),
      code: r.code,
      message: r.message,
      bytes: r.bytes,
    }));
  }

  request(id: number): KeptRequest | undefined {
    const row = this.db.prepare('SELECT method, url, headers, body FROM refused_relayed WHERE id = ?').get(id) as
      { method: string; url: string; headers: string; body: Uint8Array } | undefined;
    return row && { method: row.method, url: row.url, headers: JSON.parse(row.headers) as Record<string, string>, body: row.body };
  }

  remove(id: number): void {
    this.db.prepare('DELETE FROM refused_relayed WHERE id = ?').run(id);
  }
}
