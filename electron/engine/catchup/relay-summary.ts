import type { Database } from '../store/database.ts';
import type { OfflinePeriod } from './offline-periods.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Fri 18:02", local time, without Intl (see shared/clock-time.ts). */
export function dayTime(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getDay()]} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

const num = (n: number) => n.toLocaleString('en');
const count1 = (n: number, one: string, many: string) => `${num(n)} ${n === 1 ? one : many}`;

/**
 * What our relay kept for this computer during an offline period, and what became of it:
 * "Your relay kept 37 deliveries while this computer was away (Fri 18:02 – Mon 08:40); all were
 * handed over and ran." Counted from what arrived marked as relayed (their receive time is the
 * relay's), so it stays true after a restart. Undefined when the relay kept nothing.
 */
export function relaySummary(db: Database, period: OfflinePeriod, now: number): string | undefined {
  const from = period.startedAt;
  const to = period.endedAt ?? now;
  const handed = (db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE origin = 'relay' AND received_at BETWEEN ? AND ?`).get(from, to) as { n: number }).n;
  const refused = hasTable(db, 'refused_relayed')
    ? (db.prepare('SELECT COUNT(*) AS n FROM refused_relayed WHERE relayed_at BETWEEN ? AND ?').get(from, to) as { n: number }).n
    : 0;
  if (handed + refused === 0) return undefined;
  const runs = db
    .prepare(
      `SELECT r.status AS status, COUNT(*) AS n FROM runs r JOIN events e ON e.id = r.event_id JOIN deliveries d ON d.id = e.delivery_id
       WHERE d.origin = 'relay' AND d.received_at BETWEEN ? AND ? AND r.test = 0 GROUP BY r.status`,
    )
    .all(from, to) as { status: string; n: number }[];
  const count = (status: string) => runs.find((r) => r.status === status)?.n ?? 0;
  const failed = count('failed');
  const waiting = count('queued') + count('running') + count('retrying');
  const lead = `Your relay kept ${count1(handed + refused, 'delivery', 'deliveries')} while this computer was away (${dayTime(from)} – ${period.endedAt !== undefined ? dayTime(to) : 'now'})`;
  if (!refused && !failed && !waiting) return `${lead}; ${handed === 1 ? 'it was' : 'all were'} handed over and ran.`;
  const parts = [`${num(handed)} ${handed === 1 ? 'was' : 'were'} handed over`];
  if (refused) parts.push(`${num(refused)} ${refused === 1 ? 'was' : 'were'} refused: fix the cause, then use "Accept again" in Activity`);
  if (failed) parts.push(`${count1(failed, 'recipe run', 'recipe runs')} failed: see Activity`);
  if (waiting) parts.push(`${count1(waiting, 'recipe run is', 'recipe runs are')} still going`);
  return `${lead}; ${parts.join(', ')}.`;
}

function hasTable(db: Database, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}
