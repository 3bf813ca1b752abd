import { defineStore } from 'pinia';
import { runLogLine, type LogLine } from '../../../shared/log-line.ts';
import { storedRuns } from '../../../shared/activity-view.ts';
import type { OfflineSummary } from '../../../shared/catchup.ts';
import type { EngineStatus, SettingsNotice } from '../../../shared/contract.ts';
import { platformTitle, type SourceGuide } from '../../../shared/sources.ts';
import type { TunnelStatus } from '../../../shared/tunnel.ts';
import { transport } from './transport-ref.ts';

/** Engine status, tunnel, setup guides and the latest activity lines (a cache of engine state). */
export const useStatusStore = defineStore('status', {
  state: () => ({
    status: undefined as EngineStatus | undefined,
    tunnel: undefined as TunnelStatus | undefined,
    guides: [] as SourceGuide[],
    offline: null as OfflineSummary | null,
    recent: [] as LogLine[],
    error: '',
  }),
  getters: {
    /** A platform's name ("Shopify"). */
    titleOf: () => platformTitle,
  },
  actions: {
    async refresh() {
      try {
        const api = transport();
        [this.status, this.guides, this.offline, this.tunnel] = await Promise.all([
          api.call('status.get', {}),
          api.call('sources.guides', {}),
          api.call('offline.summary', {}),
          api.call('tunnel.status', {}).catch(() => undefined),
        ]);
        this.error = '';
      } catch (error) {
        this.error = (error as Error).message;
      }
    },
    noteSettings(notice: SettingsNotice) {
      if (this.status) this.status = { ...this.status, paused: notice.paused, recipes: notice.recipes };
    },
    noteLogLine(entry: LogLine) {
      this.recent = [entry, ...this.recent.filter((e) => entry.runId === undefined || e.runId !== entry.runId)].slice(0, 10);
    },
    /** The newest runs from the store, so Home's list is not empty after a restart; lines heard live win. */
    async loadRecent() {
      const page = await transport().call('activity.list', { limit: 10 });
      const titleOf = (id: string) => this.status?.recipes.find((r) => r.id === id)?.title ?? id;
      const stored: LogLine[] = storedRuns(page.items).map(({ at, run }) => ({
        at,
        ...runLogLine(run, titleOf(run.recipeId)),
        recipeId: run.recipeId,
        runId: run.id,
      }));
      const live = new Set(this.recent.map((e) => e.runId));
      this.recent = [...this.recent, ...stored.filter((e) => !live.has(e.runId))].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 10);
    },
    async setPaused(paused: boolean) {
      await transport().call('engine.setPaused', { paused });
      await this.refresh();
    },
  },
});
