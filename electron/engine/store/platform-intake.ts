import type { PlatformIntake } from '../../../shared/platform-intake.ts';
import { isSourceId, SOURCE_IDS, type SourceId } from '../../../shared/sources.ts';
import type { Database } from './database.ts';

/** Origins that came from the platform itself: a test or a catch-up says nothing about its key. */
const FROM_THE_PLATFORM = "('webhook', 'relay')";

/**
 * Each platform's intake, from the journal: the newest delivery it sent that was accepted, the
 * newest refusal, and the refusals since that delivery. Only platforms that ever sent something
 * (accepted or refused) are listed, in the order of SOURCE_IDS.
 */
export function platformIntake(db: Database): PlatformIntake[] {
  const lastReceived = db.prepare(
    `SELECT e.received_at AS at FROM events e JOIN deliveries d ON d.id = e.delivery_id
     WHERE e.source = ? AND d.origin IN ${FROM_THE_PLATFORM} ORDER BY e.id DESC LIMIT 1`,
  );
  const refusedSince = db.prepare('SELECT COUNT(*) AS n FROM rejections WHERE source = ? AND at > ?');
  const newestRefusals = new Map<string, { at: number; code: string; message: string }>();
  const rows = db
    .prepare('SELECT r.source, r.at, r.code, r.message FROM rejections r JOIN (SELECT MAX(id) AS id FROM rejections GROUP BY source) m ON m.id = r.id')
    .all() as { source: string; at: number; code: string; message: string }[];
  for (const row of rows) if (isSourceId(row.source)) newestRefusals.set(row.source, row);

  const out: PlatformIntake[] = [];
  for (const source of SOURCE_IDS) {
    const received = (lastReceived.get(source) as { at: number } | undefined)?.at;
    const refused = newestRefusals.get(source);
    if (received === undefined && !refused) continue;
    out.push(intakeOf(source, received, refused, refused ? Number((refusedSince.get(source, received ?? -1) as { n: number }).n) : 0));
  }
  return out;
}

function intakeOf(
  source: SourceId,
  received: number | undefined,
  refused: { at: number; code: string; message: string } | undefined,
  refusedInARow: number,
): PlatformIntake {
  return {
    source,
    ...(received !== undefined ? { lastReceivedAt: new Date(received).toISOString() } : {}),
    ...(refused ? { lastRefusedAt: new Date(refused.at).toISOString(), lastRefusal: { code: refused.code, message: refused.message } } : {}),
    refusedInARow,
  };
}
