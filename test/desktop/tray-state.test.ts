import { describe, expect, it, onTestFinished } from 'vitest';
import { TrayModel } from '../../electron/desktop/tray-state.ts';
import { trayIcon, trayMenu, type TrayItem } from '../../electron/desktop/tray-menu.ts';
import { BROKEN_AFTER } from '../../shared/platform-intake.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';
import { aRun } from '../helpers/run.ts';

const labels = (items: TrayItem[]) => items.map((i) => ('label' in i ? i.label : '—'));
const recentOf = (items: TrayItem[]) => labels(items.slice(labels(items).indexOf('Recent activity') + 1, labels(items).lastIndexOf('—')));

describe('the tray model with a real engine', () => {
  it('still lists the last activities after a restart, from the store, instead of "Nothing yet"', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const dataDir = tempDir();
    const settings = {
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
      recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
    };
    const first = await startEngine(settings, { dataDir });
    for (const n of [42, 43]) {
      const body = JSON.stringify(shopifyOrder(n));
      expect((await fetch(first.webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body), body })).status).toBe(200);
    }
    await smtp.waitFor(2);
    await waitUntil(() => first.engine.state.runs.countByStatus().succeeded === 2, 'both runs to finish');
    await first.engine.stop();

    const second = await startEngine(settings, { dataDir });
    const model = new TrayModel(second.engine, () => undefined);
    expect(recentOf(trayMenu(await model.state()))).toEqual(['Nothing yet']);
    await model.load();
    const recent = recentOf(trayMenu(await model.state()));
    expect(recent).toHaveLength(2);
    expect(recent[0]).toMatch(/^\d\d:\d\d Order #1043 from Jane Doe 43 → email the team ✓$/);
    expect(recent[1]).toMatch(/^\d\d:\d\d Order #1042 from Jane Doe 42 → email the team ✓$/);
  });

  it('follows pause and recipe switches made elsewhere (the window), and a run heard live is not listed twice', async () => {
    const { engine } = await startEngine({ recipes: [{ recipe: 'shopify-customer-hubspot', settings: { token: 'pat-secret-token' } }] });
    let changes = 0;
    const model = new TrayModel(engine, () => void changes++);
    await engine.api['engine.setPaused']({ paused: true });
    await engine.api['recipes.setEnabled']({ id: 'shopify-customer-hubspot', enabled: false });
    expect(changes).toBeGreaterThanOrEqual(2);
    const menu = trayMenu(await model.state());
    expect(menu.find((i) => i.type === 'checkbox' && i.label === 'Pause all')).toMatchObject({ checked: true });
    expect(menu.find((i) => i.type === 'checkbox' && i.label.includes('HubSpot'))).toMatchObject({ checked: false });

    engine.events.emit('run', aRun({ id: 7, recipeId: 'shopify-customer-hubspot', summary: 'New customer Jane' }));
    engine.events.emit('run', aRun({ id: 7, recipeId: 'shopify-customer-hubspot', summary: 'New customer Jane' }));
    expect(recentOf(trayMenu(await model.state()))).toHaveLength(1);
  });
});

describe('a broken platform, from a real engine', () => {
  it('the tray model turns red after BROKEN_AFTER refused orders, and back once one is accepted', async () => {
    const { engine, webhooks } = await startEngine({ sources: { shopify: { secret: SHOPIFY_SECRET } } });
    let changes = 0;
    const model = new TrayModel(engine, () => void changes++);
    const send = async (n: number, secret?: string) => {
      const body = JSON.stringify(shopifyOrder(n));
      return (await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body, secret ? { secret } : {}), body })).status;
    };
    for (let n = 1; n < BROKEN_AFTER; n++) expect(await send(n, 'shpss_wrong')).toBe(401);
    // No tunnel in this engine: calm is "local only", whatever the refusals below it.
    const calm = trayIcon(await model.state(), 'linux').icon;
    expect(calm).toBe('tray-offline-24.png');
    const before = changes;
    expect(await send(BROKEN_AFTER, 'shpss_wrong')).toBe(401);
    // The refusal itself redraws the tray.
    expect(changes).toBeGreaterThan(before);
    const broken = await model.state();
    expect(trayIcon(broken, 'linux').icon).toBe('tray-failures-24.png');
    expect(labels(trayMenu(broken))).toContain('Shopify: every delivery refused. See how to fix it…');
    expect(await send(100)).toBe(200);
    expect(trayIcon(await model.state(), 'linux').icon).toBe(calm);
  });
});
