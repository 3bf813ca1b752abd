import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SourceId } from '../../../shared/sources.ts';
import type { Database } from './database.ts';

/**
 * The unguessable part of each source's webhook URL (/h/<source>/<token>). Generated once and
 * kept in the journal, so the URL pasted into a platform survives restarts; regenerate() is the
 * owner's "this URL leaked" button.
 */
export class SourceTokens {
  private readonly cache = new Map<SourceId, Buffer>();
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  get(source: SourceId): string {
    const cached = this.cache.get(source);
    if (cached) return cached.toString();
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(metaKey(source)) as { value: string } | undefined;
    const token = row?.value ?? this.store(source, newToken());
    this.cache.set(source, Buffer.from(token));
    return token;
  }

  regenerate(source: SourceId): string {
    return this.store(source, newToken());
  }

  /** Constant-time, so the token cannot be guessed byte by byte from response times. */
  matches(source: SourceId, candidate: string): boolean {
    this.get(source);
    const expected = this.cache.get(source)!;
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private store(source: SourceId, token: string): string {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(metaKey(source), token);
    this.cache.set(source, Buffer.from(token));
    return token;
  }
}

function metaKey(source: SourceId): string {
  return `token:${source}`;
}

function newToken(): string {
  return randomBytes(18).toString('base64url');
}
