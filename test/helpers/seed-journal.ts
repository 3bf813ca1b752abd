import { openDatabase } from '../../electron/engine/store/database.ts';
import type { DeliveryRecord } from '../../electron/engine/store/journal-records.ts';
import { JournalWrites } from '../../electron/engine/store/journal-writes.ts';

export interface SeededOrder {
  source: string;
  summary: string;
  recipe: string;
}

/**
 * Writes `count` order deliveries into the journal in `dataDir` the way the inbox writes them
 * (batched, one event and one run each), one second apart, then gives the runs their status by
 * `statusSql`, a SQL expression over runs (e.g. "CASE id % 5 WHEN 0 THEN 'failed' ELSE 'succeeded' END").
 */
export function seedJournal(dataDir: string, count: number, order: (i: number) => SeededOrder, statusSql: string): void {
  const db = openDatabase({ dataDir });
  db.exec('PRAGMA synchronous = OFF'); // filling only
  const writes = new JournalWrites(db);
  const body = new Uint8Array(Buffer.from('{"id":1}'));
  for (let start = 0; start < count; start += 2000) {
    const batch: DeliveryRecord[] = [];
    for (let i = start; i < Math.min(count, start + 2000); i++) {
      const { source, summary, recipe } = order(i);
      batch.push({
        source,
        platformId: `p${i}`,
        platformEvent: 'orders/create',
        origin: 'webhook',
        receivedAt: 1_760_000_000_000 + i * 1000,
        headers: '{}',
        body,
        test: false,
        events: [
          {
            source,
            key: `k${i}`,
            type: 'order.created',
            platformEvent: 'orders/create',
            summary,
            search: summary,
            occurredAt: '',
            json: '{}',
            recipes: [recipe],
          },
        ],
      });
    }
    writes.acceptBatch(batch);
  }
  db.exec(`UPDATE runs SET status = ${statusSql}, attempts = 1`);
  db.close();
}
