import type { LogLine } from '../../shared/log-line.ts';
import type { Run } from '../../shared/runs.ts';
import type { SettingsNotice } from '../../shared/contract.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';
import { useActivityStore } from './stores/activity-store.ts';
import { useFirstRunStore } from './stores/first-run-store.ts';
import { useIntakeStore } from './stores/intake-store.ts';
import { useRecipesStore } from './stores/recipes-store.ts';
import { useRefusalsStore } from './stores/refusals-store.ts';
import { useRelayedStore } from './stores/relayed-store.ts';
import { useSettingsStore } from './stores/settings-store.ts';
import { useStatsStore } from './stores/stats-store.ts';
import { useStatusStore } from './stores/status-store.ts';
import type { Transport } from './transport/index.ts';

/**
 * Keeps the stores (caches of engine state) current: subscribe first, then fetch the snapshot,
 * so nothing that happens in between is lost; refetch everything after the stream reconnects.
 * Bursts of deliveries and runs are coalesced into one refresh.
 */
export function startLiveSync(transport: Transport): () => void {
  const status = useStatusStore();
  const activity = useActivityStore();
  const recipes = useRecipesStore();
  const settings = useSettingsStore();
  const stats = useStatsStore();
  const intake = useIntakeStore();
  const refusals = useRefusalsStore();
  const relayed = useRelayedStore();
  const firstRun = useFirstRunStore();
  let pending: ReturnType<typeof setTimeout> | undefined;
  const soon = (work: () => Promise<unknown>) => {
    clearTimeout(pending);
    pending = setTimeout(() => void work().catch((error: Error) => (status.error = error.message)), 150);
  };
  // Recent lines need the recipe titles that status.get brings.
  const everything = () =>
    Promise.all([
      activity.reload(),
      status.refresh().then(() => status.loadRecent()),
      stats.refresh(),
      intake.refresh(),
      refusals.refresh(),
      relayed.refresh(),
    ]);
  const stop = transport.subscribe(
    (name, data) => {
      if (name === 'log') status.noteLogLine(data as LogLine);
      if (name === 'tunnel') status.tunnel = data as TunnelStatus;
      if (name === 'run') {
        recipes.noteRun(data as Run);
        firstRun.noteRun(data as Run);
      }
      // Paused or a recipe switched, here or in the tray: every screen shows it at once.
      if (name === 'settings') {
        const notice = data as SettingsNotice;
        recipes.mine = notice.recipes;
        status.noteSettings(notice);
        settings.noteSettings(notice);
      }
      // A refusal, or an accepted delivery after refusals, changes what Home and Activity → Refused say
      // (the relay's kept deliveries too: one refused on arrival joins that list, Accept again leaves it).
      if (name === 'delivery' || name === 'run' || name === 'refusal')
        soon(() => Promise.all([activity.refreshNewest(), status.refresh(), stats.refresh(), intake.refresh(), refusals.refresh(), relayed.refresh()]));
    },
    () => soon(everything),
  );
  void everything().catch((error: Error) => (status.error = error.message));
  return stop;
}
