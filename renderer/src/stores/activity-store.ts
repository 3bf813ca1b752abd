import { defineStore } from 'pinia';
import type { ActivityDetail, ActivityItem } from '../../../shared/activity-log.ts';
import type { ApiArgs } from '../../../shared/contract.ts';
import { transport } from './transport-ref.ts';

export type ActivityFilters = Omit<ApiArgs<'activity.list'>, 'beforeId' | 'limit'>;

const PAGE = 100;

/** The activity list (paged newest first, refreshed when live events arrive) and the open detail. */
export const useActivityStore = defineStore('activity', {
  state: () => ({
    items: [] as ActivityItem[],
    nextBeforeId: undefined as number | undefined,
    filters: {} as ActivityFilters,
    detail: undefined as ActivityDetail | undefined,
    loading: false,
    message: '',
    error: '',
  }),
  actions: {
    async reload() {
      const page = await transport().call('activity.list', { ...this.filters, limit: PAGE });
      this.items = page.items;
      this.nextBeforeId = page.nextBeforeId;
    },
    /** After a live event: fetch the newest page and keep the older rows already loaded, so the scroll position holds. */
    async refreshNewest() {
      const page = await transport().call('activity.list', { ...this.filters, limit: PAGE });
      const oldest = page.items.at(-1)?.eventId;
      const older = oldest === undefined || page.nextBeforeId === undefined ? [] : this.items.filter((i) => i.eventId < oldest);
      this.items = [...page.items, ...older];
      if (!older.length) this.nextBeforeId = page.nextBeforeId;
      if (this.detail) await this.open(this.detail.eventId);
    },
    async loadMore() {
      if (this.loading || this.nextBeforeId === undefined) return;
      this.loading = true;
      try {
        const page = await transport().call('activity.list', { ...this.filters, limit: PAGE, beforeId: this.nextBeforeId });
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
      this.message = '';
      this.error = '';
    },
    async retry(runId: number) {
      await this.attempt(async () => {
        await transport().call('runs.retry', { id: runId });
        this.message = 'Trying again now.';
      });
    },
    async replay(eventId: number) {
      await this.attempt(async () => {
        const { runIds } = await transport().call('activity.replay', { eventId });
        this.message = `Sent through the recipes again: ${runIds.length} new run${runIds.length === 1 ? '' : 's'}.`;
      });
    },
    async attempt(action: () => Promise<void>) {
      this.message = '';
      this.error = '';
      try {
        await action();
      } catch (error) {
        this.error = (error as Error).message;
      }
      if (this.detail) await this.open(this.detail.eventId);
    },
  },
});
