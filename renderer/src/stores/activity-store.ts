import { defineStore } from 'pinia';
import type { ActivityDetail, ActivityItem } from '../../../shared/activity-log.ts';
import type { ApiArgs } from '../../../shared/contract.ts';
import { transport } from './transport-ref.ts';

export type ActivityFilters = Omit<ApiArgs<'activity.list'>, 'beforeId' | 'limit'>;

/** The activity list (paged newest first, refetched when live events arrive) and the open detail. */
export const useActivityStore = defineStore('activity', {
  state: () => ({
    items: [] as ActivityItem[],
    nextBeforeId: undefined as number | undefined,
    filters: {} as ActivityFilters,
    detail: undefined as ActivityDetail | undefined,
    loading: false,
    message: '',
  }),
  actions: {
    async reload() {
      const page = await transport().call('activity.list', { ...this.filters, limit: 100 });
      this.items = page.items;
      this.nextBeforeId = page.nextBeforeId;
    },
    async loadMore() {
      if (this.loading || this.nextBeforeId === undefined) return;
      this.loading = true;
      try {
        const page = await transport().call('activity.list', { ...this.filters, limit: 100, beforeId: this.nextBeforeId });
        this.items.push(...page.items);
        this.nextBeforeId = page.nextBeforeId;
      } finally {
        this.loading = false;
      }
    },
    async setFilters(filters: ActivityFilters) {
      this.filters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '' && v !== undefined)) as ActivityFilters;
      await this.reload();
    },
    async open(eventId: number) {
      this.detail = await transport().call('activity.get', { eventId });
    },
    close() {
      this.detail = undefined;
    },
    async retry(runId: number) {
      await transport().call('runs.retry', { id: runId });
      this.message = 'Retrying now.';
      if (this.detail) await this.open(this.detail.eventId);
    },
    async replay(eventId: number) {
      const { runIds } = await transport().call('activity.replay', { eventId });
      this.message = `Replayed: ${runIds.length} new run${runIds.length === 1 ? '' : 's'}.`;
      await this.open(eventId);
    },
  },
});
