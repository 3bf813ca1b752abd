import { defineStore } from 'pinia';
import type { ActivityDetail, ActivityItem } from '../../../shared/activity-view.ts';
import type { ApiArgs } from '../../../shared/contract.ts';
import { transport } from './transport-ref.ts';

export type ActivityFilters = Omit<ApiArgs<'activity.list'>, 'beforeId' | 'offset' | 'limit'>;

const PAGE = 100;

/**
 * The activity list as a window onto every matching delivery: `total` (one count query) gives the
 * full scroll height, and only the pages in view are fetched, so dragging the scrollbar to row
 * 50,000 costs one request, not 500. A page next to a loaded one continues by keyset (beforeId);
 * any other starts at its offset. Rows are kept by position, 0 = newest.
 */
export const useActivityStore = defineStore('activity', {
  state: () => ({
    total: 0,
    rows: {} as Record<number, ActivityItem>,
    filters: {} as ActivityFilters,
    detail: undefined as ActivityDetail | undefined,
    message: '',
    error: '',
  }),
  actions: {
    async reload() {
      const generation = ++listGeneration;
      const [{ total }, page] = await Promise.all([
        transport().call('activity.count', this.filters),
        transport().call('activity.list', { ...this.filters, limit: PAGE }),
      ]);
      if (generation !== listGeneration) return;
      fresh.clear();
      pending.clear();
      this.total = total;
      this.rows = {};
      this.place(0, page.items);
    },
    /** Makes sure rows first..last (positions) are loaded: fetches each page in view that is not. */
    async ensure(first: number, last: number) {
      visible = { first, last };
      const wanted: number[] = [];
      for (let p = Math.floor(Math.max(first, 0) / PAGE); p <= Math.floor(Math.min(last, this.total - 1) / PAGE); p++)
        if (!fresh.has(p) && !pending.has(p)) wanted.push(p);
      await Promise.all(wanted.map((p) => this.fetchPage(p)));
    },
    async fetchPage(p: number) {
      const generation = listGeneration;
      pending.add(p);
      try {
        // Right after a fresh page, keyset paging is exact and cheap; elsewhere jump by offset.
        const before = fresh.has(p - 1) ? this.rows[p * PAGE - 1]?.eventId : undefined;
        const page = await transport().call('activity.list', {
          ...this.filters,
          limit: PAGE,
          ...(before !== undefined ? { beforeId: before } : { offset: p * PAGE }),
        });
        if (generation !== listGeneration) return;
        this.place(p, page.items);
      } finally {
        if (generation === listGeneration) pending.delete(p);
      }
    },
    place(p: number, items: ActivityItem[]) {
      items.forEach((item, i) => (this.rows[p * PAGE + i] = item));
      fresh.add(p);
    },
    /**
     * After a live event: count again; new deliveries arrive on top, so the rows held move down by
     * as many (a status filter can also drop rows: then they are fetched again). The pages in view
     * are fetched afresh, so the scroll position holds and statuses are current.
     */
    async refreshNewest() {
      const generation = listGeneration;
      const { total } = await transport().call('activity.count', this.filters);
      if (generation !== listGeneration) return;
      const added = total - this.total;
      if (added !== 0) {
        listGeneration++; // pages still on their way were asked for the old positions
        const moved: Record<number, ActivityItem> = {};
        if (added > 0 && !this.filters.status) for (const [at, item] of Object.entries(this.rows)) moved[Number(at) + added] = item;
        this.rows = moved;
        this.total = total;
      }
      fresh.clear();
      pending.clear();
      await this.ensure(visible.first, Math.max(visible.last, 0));
      await this.refreshDetail();
    },
    async setFilters(filters: ActivityFilters) {
      this.filters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '' && v !== undefined)) as ActivityFilters;
      visible = { first: 0, last: PAGE - 1 };
      await this.reload();
    },
    async open(eventId: number) {
      opened = eventId;
      const request = ++detailRequests;
      const detail = await transport().call('activity.get', { eventId });
      // Only the newest answer shows: a refresh still on its way must not bring back a row the
      // owner has since left or closed.
      if (request === detailRequests) this.detail = detail;
    },
    /** Fetches the open detail again (after a live event or an action), if one is open. */
    async refreshDetail() {
      if (opened !== undefined) await this.open(opened);
    },
    close() {
      opened = undefined;
      detailRequests++;
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
      await this.refreshDetail();
    },
  },
});

// Bookkeeping that the view never renders: which pages are current, which are on their way, what is in view.
const fresh = new Set<number>();
const pending = new Set<number>();
let visible = { first: 0, last: PAGE - 1 };
/** Bumped by every new list (reload, filters), so an answer for an older list is dropped. */
let listGeneration = 0;
/** The delivery whose detail is open (or being opened), and a count of detail requests: the newest wins. */
let opened: number | undefined;
let detailRequests = 0;
