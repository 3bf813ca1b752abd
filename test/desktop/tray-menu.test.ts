import { describe, expect, it } from 'vitest';
import { aRun } from '../helpers/run.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';
import { entryLine, menuLabel, runLine } from '../../electron/desktop/activity-words.ts';
import { trayIcon, trayMenu, type TrayItem, type TrayState } from '../../electron/desktop/tray-menu.ts';
import { BROKEN_AFTER } from '../../shared/platform-intake.ts';

const online: TunnelStatus = {
  state: 'online',
  since: '2026-11-23T10:00:00Z',
  url: 'https://shop.loca.lt',
  publicWebhooks: { shopify: 'https://shop.loca.lt/h/shopify/tok' },
  urlChanged: false,
};
const base: TrayState = {
  paused: false,
  failedRuns: 0,
  tunnel: online,
  webhooks: { shopify: 'http://127.0.0.1:8787/h/shopify/tok', stripe: 'http://127.0.0.1:8787/h/stripe/tok2' },
  sourceTitles: { shopify: 'Shopify', stripe: 'Stripe' },
  recipes: [
    { id: 'shopify-order-email', recipe: 'shopify-order-email', title: 'New Shopify order → email the team', enabled: true, settings: {} },
    { id: 'stripe-payment-email', recipe: 'stripe-payment-email', title: 'Stripe payment → email the team', enabled: false, settings: {} },
  ],
  recent: [],
};
const labels = (items: TrayItem[]) => items.map((i) => ('label' in i ? i.label : '—'));
const find = (items: TrayItem[], label: string) => items.find((i) => 'label' in i && i.label === label)!;
const notice = aRun;

describe('tray menu model', () => {
  it('shows state, public URL, copy per source (public address when online), recipe checkboxes, pause, recent, open and quit', () => {
    const items = trayMenu(base);
    expect(labels(items)).toEqual([
      'Hooktray: Working',
      'https://shop.loca.lt',
      '—',
      'Copy webhook URL',
      '—',
      'Recipes',
      'New Shopify order → email the team',
      'Stripe payment → email the team',
      'Pause all',
      '—',
      'Recent activity',
      'Nothing yet',
      '—',
      'Open Hooktray',
      'Quit',
    ]);
    const copy = find(items, 'Copy webhook URL') as Extract<TrayItem, { type: 'submenu' }>;
    expect(copy.items).toEqual([
      { type: 'action', label: 'Shopify', command: { kind: 'copy', url: 'https://shop.loca.lt/h/shopify/tok' } },
      // Stripe has no public address in this status: the local one is still copyable.
      { type: 'action', label: 'Stripe', command: { kind: 'copy', url: 'http://127.0.0.1:8787/h/stripe/tok2' } },
    ]);
    expect(find(items, 'Stripe payment → email the team')).toEqual({
      type: 'checkbox',
      label: 'Stripe payment → email the team',
      checked: false,
      command: { kind: 'set-recipe', id: 'stripe-payment-email', enabled: true },
    });
    expect(find(items, 'Pause all')).toMatchObject({ checked: false, command: { kind: 'set-paused', paused: true } });
    expect(find(items, 'Quit')).toMatchObject({ command: { kind: 'quit' } });
  });

  it('lists the last 10 activities, newest first, each opening the activity view', () => {
    const now = new Date('2026-11-23T12:30:00');
    const recent = Array.from({ length: 12 }, (_, i) => ({
      at: new Date(2026, 10, 23, 12, 20 - i).toISOString(),
      text: `Order #${1050 - i} → email the team ✓`,
    }));
    const items = trayMenu({ ...base, recent }, now);
    const lines = items.filter((i) => i.type === 'action' && i.command.kind === 'open' && i.command.view === 'activity');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatchObject({ label: '12:20 Order #1050 → email the team ✓' });
    expect(lines[9]).toMatchObject({ label: '12:11 Order #1041 → email the team ✓' });
  });

  it('picks the icon by what matters most: paused, then failures, then the connection', () => {
    expect(trayIcon(base, 'linux')).toEqual({ icon: 'tray-online-24.png', tooltip: 'Hooktray: Working' });
    expect(trayIcon({ ...base, failedRuns: 2 }, 'linux')).toEqual({ icon: 'tray-failures-24.png', tooltip: 'Hooktray: Needs your attention (2 failed)' });
    expect(trayIcon({ ...base, failedRuns: 2, paused: true }, 'win32').icon).toBe('tray-paused-16.png');
    expect(
      trayIcon({ ...base, tunnel: { state: 'reconnecting', since: '', reason: 'no network', nextTryAt: '2026-11-23T10:00:05Z', attempt: 2 } }, 'darwin').icon,
    ).toBe('tray-reconnectingTemplate.png');
    expect(trayIcon({ ...base, tunnel: { state: 'connecting', since: '' } }, 'linux').icon).toBe('tray-reconnecting-24.png');
    expect(trayIcon({ ...base, tunnel: { state: 'offline', since: '', reason: 'turned off' } }, 'linux').icon).toBe('tray-offline-24.png');
    const reconnecting = trayMenu({ ...base, tunnel: { state: 'reconnecting', since: '', reason: 'no network', nextTryAt: '', attempt: 2 } });
    expect(labels(reconnecting).slice(0, 2)).toEqual(['Hooktray: Reconnecting', 'Reconnecting: no network']);
  });
});

describe('tray activity wording', () => {
  it('words runs as "Order #1042 → email the team ✓" and retries with the next try time', () => {
    expect(runLine(notice({}), 'New Shopify order → email the team')!.text).toBe('Order #1042 from Jane Doe → email the team ✓');
    const next = new Date(2026, 10, 23, 12, 10).toISOString();
    expect(runLine(notice({ status: 'retrying', nextAttemptAt: next, recipeId: 'hs' }), 'New lead → HubSpot')!.text).toBe(
      'Order #1042 from Jane Doe → HubSpot ✗ retrying 12:10',
    );
    expect(runLine(notice({ status: 'failed', test: true }), 'Mail')!.text).toBe('[test] Order #1042 from Jane Doe → Mail ✗ failed');
    expect(runLine(notice({ status: 'running' }), 'Mail')).toBeUndefined();
  });

  it('keeps warnings and errors that are not runs, drops run entries (they have their own line) and info', () => {
    expect(entryLine({ at: 'x', level: 'warning', text: 'Shopify signature did not match' })).toEqual({ at: 'x', text: 'Shopify signature did not match' });
    expect(entryLine({ at: 'x', level: 'error', text: 'run failed', runId: 3 })).toBeUndefined();
    expect(entryLine({ at: 'x', level: 'info', text: 'started' })).toBeUndefined();
  });

  it('adds the date for lines from another day and cuts long lines to fit a menu', () => {
    const now = new Date(2026, 10, 23, 9, 0);
    expect(menuLabel({ at: new Date(2026, 10, 22, 23, 5).toISOString(), text: 'Order #1 → Slack ✓' }, now)).toBe('22.11. 23:05 Order #1 → Slack ✓');
    const long = menuLabel({ at: now.toISOString(), text: 'x'.repeat(200) }, now);
    expect(long).toHaveLength(72);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('a broken platform in the tray', () => {
  const broken = {
    source: 'shopify',
    refusedInARow: BROKEN_AFTER,
    lastRefusal: { code: 'bad_signature', message: 'Shopify signature did not match' },
  } as const;
  it('turns the icon red and names the platform, by the same rule as Home (BROKEN_AFTER refused in a row)', () => {
    expect(trayIcon({ ...base, intake: [{ ...broken, refusedInARow: BROKEN_AFTER - 1 }] }, 'linux')).toEqual({
      icon: 'tray-online-24.png',
      tooltip: 'Hooktray: Working',
    });
    expect(trayIcon({ ...base, intake: [broken] }, 'linux')).toEqual({
      icon: 'tray-failures-24.png',
      tooltip: 'Hooktray: Needs your attention (Shopify refused)',
    });
    expect(trayIcon({ ...base, failedRuns: 1, intake: [broken] }, 'linux').tooltip).toBe('Hooktray: Needs your attention (1 failed, Shopify refused)');
    const items = trayMenu({ ...base, intake: [broken, { source: 'stripe', refusedInARow: 0, lastReceivedAt: '2026-11-23T10:00:00Z' }] });
    expect(labels(items).slice(0, 3)).toEqual([
      'Hooktray: Needs your attention',
      'https://shop.loca.lt',
      'Shopify: every delivery refused. See how to fix it…',
    ]);
    expect(items[2]).toMatchObject({ type: 'action', command: { kind: 'open' } });
  });
});
