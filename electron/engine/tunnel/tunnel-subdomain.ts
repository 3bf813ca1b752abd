import { randomBytes } from 'node:crypto';
import type { Database } from '../store/database.ts';

const KEY = 'tunnel-subdomain';

/** The name we ask the tunnel server for: generated once, random, kept in the meta table. */
export function storedSubdomain(db: Database): string {
  const row = db.prepare(`SELECT value FROM meta WHERE key = ?`).get(KEY) as { value: string } | undefined;
  if (row) return row.value;
  const name = `ht${[...randomBytes(12)].map((b) => (b % 36).toString(36)).join('')}`;
  saveSubdomain(db, name);
  return name;
}

export function saveSubdomain(db: Database, name: string): void {
  db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(KEY, name);
}
