import { HEALTH_WORDS, healthOf, type Health } from '../../shared/health.ts';
import { brokenPlatforms, type PlatformIntake } from '../../shared/platform-intake.ts';
import { platformTitle } from '../../shared/sources.ts';
import type { RecipeInstance } from '../../shared/recipes.ts';
import type { SourceId } from '../../shared/sources.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';
import { menuLabel, type TrayLine } from './activity-words.ts';

/** What the tray shows, gathered from the engine (status.get, tunnel events, activity events). */
export interface TrayState {
  paused: boolean;
  failedRuns: number;
  tunnel?: TunnelStatus;
  /** Local webhook address per source; the public one wins when the tunnel is online. */
  webhooks: Partial<Record<SourceId, string>>;
  sourceTitles: Partial<Record<SourceId, string>>;
  recipes: RecipeInstance[];
  /** Newest first. */
  recent: TrayLine[];
  /** Each platform's intake (platforms.intake): a broken one turns the icon red and says so. */
  intake?: PlatformIntake[];
}

/** What a click does; the Electron glue maps each to an engine call or an app action. */
export type TrayCommand =
  | { kind: 'copy'; url: string }
  | { kind: 'set-recipe'; id: string; enabled: boolean }
  | { kind: 'set-paused'; paused: boolean }
  | { kind: 'open'; view?: 'activity' }
  | { kind: 'quit' };

export type TrayItem =
  | { type: 'label'; label: string }
  | { type: 'separator' }
  | { type: 'action'; label: string; command: TrayCommand; enabled?: boolean }
  | { type: 'checkbox'; label: string; checked: boolean; command: TrayCommand }
  | { type: 'submenu'; label: string; items: TrayItem[] };

export const RECENT_IN_TRAY = 10;

/** The tray menu as data: built from engine state alone, so it is tested without Electron. */
export function trayMenu(state: TrayState, now = new Date()): TrayItem[] {
  const health = trayHealth(state);
  const addresses = webhookAddresses(state);
  const items: TrayItem[] = [{ type: 'label', label: `Hooktray: ${HEALTH_WORDS[health]}` }];
  if (state.tunnel?.state === 'online') items.push({ type: 'label', label: state.tunnel.url });
  else if (state.tunnel?.state === 'reconnecting') items.push({ type: 'label', label: `Reconnecting: ${state.tunnel.reason}` });
  for (const broken of brokenPlatforms(state.intake ?? [])) {
    items.push({ type: 'action', label: `${platformTitle(broken.source)}: every delivery refused. See how to fix it…`, command: { kind: 'open' } });
  }
  items.push({ type: 'separator' });
  items.push({
    type: 'submenu',
    label: 'Copy webhook URL',
    items: addresses.length
      ? addresses.map(({ title, url }) => ({ type: 'action', label: title, command: { kind: 'copy', url } }))
      : [{ type: 'label', label: 'Starting…' }],
  });
  if (state.recipes.length) {
    items.push({ type: 'separator' }, { type: 'label', label: 'Recipes' });
    for (const r of state.recipes)
      items.push({ type: 'checkbox', label: r.title, checked: r.enabled, command: { kind: 'set-recipe', id: r.id, enabled: !r.enabled } });
  }
  items.push({ type: 'checkbox', label: 'Pause all', checked: state.paused, command: { kind: 'set-paused', paused: !state.paused } });
  items.push({ type: 'separator' }, { type: 'label', label: 'Recent activity' });
  const recent = state.recent.slice(0, RECENT_IN_TRAY);
  if (!recent.length) items.push({ type: 'label', label: 'Nothing yet' });
  for (const entry of recent) items.push({ type: 'action', label: menuLabel(entry, now), command: { kind: 'open', view: 'activity' } });
  items.push(
    { type: 'separator' },
    { type: 'action', label: 'Open Hooktray', command: { kind: 'open' } },
    { type: 'action', label: 'Quit', command: { kind: 'quit' } },
  );
  return items;
}

export function trayHealth(state: Pick<TrayState, 'paused' | 'failedRuns' | 'tunnel' | 'intake'>): Health {
  return healthOf({
    paused: state.paused,
    failedRuns: state.failedRuns,
    brokenPlatforms: brokenPlatforms(state.intake ?? []).length,
    ...(state.tunnel ? { tunnel: state.tunnel } : {}),
  });
}

/**
 * The icon file for a state on this system (build/make-icons.ts draws them all; Electron picks
 * the @2x file beside it on a high-density screen): macOS wants a template image (black and
 * alpha, tinted by the menu bar), Windows a 16 px icon, Linux panels about 24 px.
 */
export function trayIconFile(health: Health, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `tray-${health}Template.png`;
  return `tray-${health}-${platform === 'win32' ? 16 : 24}.png`;
}

/** The icon file per state and the tooltip. */
export function trayIcon(state: Pick<TrayState, 'paused' | 'failedRuns' | 'tunnel' | 'intake'>, platform: NodeJS.Platform): { icon: string; tooltip: string } {
  const health = trayHealth(state);
  const broken = brokenPlatforms(state.intake ?? []).map((p) => `${platformTitle(p.source)} refused`);
  const extra = health === 'failures' ? ` (${[...(state.failedRuns ? [`${state.failedRuns} failed`] : []), ...broken].join(', ')})` : '';
  return { icon: trayIconFile(health, platform), tooltip: `Hooktray: ${HEALTH_WORDS[health]}${extra}` };
}

function webhookAddresses(state: TrayState): { title: string; url: string }[] {
  const online = state.tunnel?.state === 'online' ? state.tunnel.publicWebhooks : {};
  return (Object.entries(state.webhooks) as [SourceId, string][]).map(([source, local]) => ({
    title: state.sourceTitles[source] ?? source,
    url: online[source] ?? local,
  }));
}
