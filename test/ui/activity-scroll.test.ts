import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { seedJournal } from '../helpers/seed-journal.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });
const EVENTS = 100_000;
const order = (i: number) => `Order #${10_000 + i} from Customer ${i}`;

describe.skipIf(browser.skip)('the activity view with 100k deliveries', () => {
  beforeAll(browser.check);
  it('knows the total, renders only the rows in view, jumps deep in one request, and search finds one deep in the past', async () => {
    const dataDir = tempDir();
    // 100k stored deliveries, each with one finished run.
    seedJournal(dataDir, EVENTS, (i) => ({ source: 'shopify', summary: order(i), recipe: 'shopify-order-email' }), "'succeeded'");
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ paused: true }));
    const serve = await spawnServe(dataDir);
    const { page, errors } = await launchChromium();
    const pages: string[] = [];
    // The list's own page requests (Home's recent list asks for 10 once).
    page.on('request', (r) => void (r.url().endsWith('/api/activity.list') && r.postData()?.includes('"limit":100') && pages.push(r.postData()!)));
    await page.goto(serve.ready.dashboard!.replace('#token=', '#/activity&token='));
    const list = page.getByTestId('activity-list');
    await page.getByText(order(EVENTS - 1), { exact: true }).waitFor();

    // The list is as tall as all 100k rows from the start (one count query), not as the rows loaded so far.
    await expect.poll(() => list.evaluate((el) => el.scrollHeight)).toBe(EVENTS * 64);
    expect(await page.getByTestId('activity-total').textContent()).toBe(`${EVENTS.toLocaleString('en-US')} deliveries`);

    // Scrolling down page by page continues by keyset from the page above.
    for (let row = 80; row <= 480; row += 80) {
      await list.evaluate((el, top) => el.scrollTo(0, top), row * 64);
      await page.getByText(order(EVENTS - 1 - row), { exact: true }).waitFor();
    }
    expect(pages.slice(1).every((body) => body.includes('beforeId') && !body.includes('offset'))).toBe(true);

    // Dragging the scrollbar to the middle: the right rows come in one request (how fast is for bench/).
    const before = pages.length;
    const started = Date.now();
    await list.evaluate((el) => el.scrollTo(0, 50_000 * 64));
    await page.getByText(order(EVENTS - 1 - 50_000), { exact: true }).waitFor();
    const tookMs = Date.now() - started;
    expect(pages.length - before).toBeLessThanOrEqual(2); // the page in view (and at most its neighbour)
    expect(pages.slice(before).some((body) => body.includes('"offset":'))).toBe(true);
    const rendered = await page.locator('.row-item').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(40); // not 50,000: only the rows in view (plus a margin) are in the page
    // The row at position 50,000 (zero-based) is where the list says it is.
    const at = await page.getByText(order(EVENTS - 1 - 50_000), { exact: true }).evaluate((el) => el.closest('[role=listitem]')!.getAttribute('aria-posinset'));
    expect(at).toBe('50001');
    await page.screenshot({ path: join(SCREENSHOTS, '7-activity-100k.png') });
    console.log(`activity: jump to row 50,000 of 100k shown in ${tookMs} ms`);

    await page.getByTestId('activity-search').fill('#22345');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText(order(12_345), { exact: true }).waitFor();
    expect(await page.locator('.row-item').count()).toBe(1);
    expect(errors).toEqual([]);
    serve.child.kill('SIGTERM');
    await serve.exited;
  }, 120_000);
});
