import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { openDatabase } from '../../electron/engine/store/database.ts';
import { JournalWrites, type DeliveryRecord } from '../../electron/engine/store/journal-writes.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });
const EVENTS = 100_000;
const order = (i: number) => `Order #${10_000 + i} from Customer ${i}`;

/** 100k stored deliveries, written the way the inbox writes them (batched), each with one finished run. */
function fill(dataDir: string): void {
  const db = openDatabase({ dataDir });
  db.exec('PRAGMA synchronous = OFF'); // filling only
  const writes = new JournalWrites(db);
  const body = new Uint8Array(Buffer.from('{"id":1}'));
  for (let start = 0; start < EVENTS; start += 2000) {
    const batch: DeliveryRecord[] = [];
    for (let i = start; i < start + 2000; i++) {
      batch.push({ source: 'shopify', platformId: `p${i}`, platformEvent: 'orders/create', origin: 'webhook', receivedAt: 1_760_000_000_000 + i * 1000, headers: '{}', body, test: false, events: [{ source: 'shopify', key: `k${i}`, type: 'order.created', platformEvent: 'orders/create', summary: order(i), occurredAt: '', json: '{}', recipes: ['shopify-order-email'] }] });
    }
    writes.acceptBatch(batch);
  }
  db.exec(`UPDATE runs SET status = 'succeeded', attempts = 1`);
  db.close();
}

describe.skipIf(browser.skip)('the activity view with 100k deliveries', () => {
  beforeAll(browser.check);
  it('renders only the rows in view while pages load on scroll, and search finds one deep in the past', async () => {
    const dataDir = tempDir();
    fill(dataDir);
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ paused: true }));
    const serve = await spawnServe(dataDir);
    const { page, errors } = await launchChromium();
    await page.goto((serve.ready as unknown as { dashboard: string }).dashboard.replace('#token=', '#/activity&token='));
    const list = page.getByTestId('activity-list');
    await page.getByText(order(EVENTS - 1), { exact: true }).waitFor();

    // Scroll to the end of what is loaded, five times: each time the next keyset page arrives and the list grows.
    const height = () => list.evaluate((el) => el.scrollHeight);
    for (let i = 0; i < 5; i++) {
      const before = await height();
      await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await expect.poll(height).toBeGreaterThan(before);
    }
    // Row 500 (the 501st newest) is where the list says it is.
    await list.evaluate((el) => el.scrollTo(0, 500 * 64));
    await page.getByText(order(EVENTS - 1 - 500), { exact: true }).waitFor();
    const rendered = await page.locator('.row-item').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(40); // not 600: only the rows in view (plus a margin) are in the page
    await page.screenshot({ path: join(SCREENSHOTS, '7-activity-100k.png') });

    await page.getByTestId('activity-search').fill('#22345');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText(order(12_345), { exact: true }).waitFor();
    expect(await page.locator('.row-item').count()).toBe(1);
    expect(errors).toEqual([]);
    serve.child.kill('SIGTERM');
    await serve.exited;
  }, 120_000);
});
