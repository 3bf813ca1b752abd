import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ActivityPage } from '../../shared/activity-view.ts';
import { startDashboard } from '../../electron/cli/dashboard.ts';
import { silentLogger, startEngine } from '../helpers/engine.ts';
import { seedJournal } from '../helpers/seed-journal.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const EVENTS = 1050;

describe('activity paging for a long list', () => {
  it('counts what matches and jumps to any offset, giving the same rows as paging there by keyset', async () => {
    const dataDir = tempDir();
    // Even ones from Stripe, every seventh run failed.
    seedJournal(
      dataDir,
      EVENTS,
      (i) => ({ source: i % 2 ? 'shopify' : 'stripe', summary: `Order #${5000 + i}`, recipe: 'generic-email' }),
      "CASE WHEN event_id % 7 = 0 THEN 'failed' ELSE 'succeeded' END",
    );
    writeFileSync(join(dataDir, 'settings.json'), '{}');
    const { engine } = await startEngine({}, { dataDir });
    const dashboard = await startDashboard(engine, { port: 0, logger: silentLogger });
    onTestFinished(() => dashboard.close());
    const url = new URL(dashboard.url);
    const call = async <T>(op: string, args: unknown): Promise<T> => {
      const res = await fetch(`${url.origin}/api/${op}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${url.hash.slice('#token='.length)}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      expect(res.status, op).toBe(200);
      return (await res.json()) as T;
    };

    expect(await call('activity.count', {})).toEqual({ total: EVENTS });
    expect(await call('activity.count', { source: 'stripe' })).toEqual({ total: EVENTS / 2 });
    const failed = Array.from({ length: EVENTS }, (_, i) => i + 1).filter((id) => id % 7 === 0).length;
    expect(await call('activity.count', { status: 'failed' })).toEqual({ total: failed });
    expect(await call('activity.count', { status: 'failed', source: 'stripe' })).toEqual({
      total: Array.from({ length: EVENTS }, (_, i) => i + 1).filter((id) => id % 7 === 0 && id % 2 === 1).length,
    });
    expect(await call('activity.count', { search: '#5100' })).toEqual({ total: 1 });

    // Page 6 by keyset (five pages down) and by offset are the same rows.
    let page = await call<ActivityPage>('activity.list', { limit: 100 });
    for (let n = 0; n < 5; n++) page = await call<ActivityPage>('activity.list', { limit: 100, beforeId: page.nextBeforeId });
    const jumped = await call<ActivityPage>('activity.list', { limit: 100, offset: 500 });
    expect(jumped.items.map((i) => i.eventId)).toEqual(page.items.map((i) => i.eventId));
    expect(jumped.items[0]!.eventId).toBe(EVENTS - 500);
    expect(jumped.nextBeforeId).toBe(page.nextBeforeId);

    // With a filter, the offset counts matches only; past the end there is nothing.
    const stripe = await call<ActivityPage>('activity.list', { source: 'stripe', limit: 3, offset: 10 });
    expect(stripe.items.map((i) => i.eventId)).toEqual([1029, 1027, 1025]);
    expect(await call<ActivityPage>('activity.list', { limit: 100, offset: EVENTS })).toEqual({ items: [] });
    const last = await call<ActivityPage>('activity.list', { limit: 100, offset: EVENTS - 50 });
    expect(last.items).toHaveLength(50);
    expect(last.nextBeforeId).toBeUndefined();
  });
});
