import { defineStore } from 'pinia';
import type { Rejection } from '../../../shared/runs.ts';
import type { SourceId } from '../../../shared/sources.ts';
import { transport } from './transport-ref.ts';

const PAGE = 100;

/** Activity → Refused: the refused requests, newest first, one page at a time (a cache of rejections.list). */
export const useRefusalsStore = defineStore('refusals', {
  state: () => ({
    items: [] as Rejection[],
    source: undefined as SourceId | undefined,
    /** Whether older ones may remain beyond the last page. */
    more: false,
    openId: undefined as number | undefined,
    error: '',
  }),
  getters: {
    opened: (state) => state.items.find((r) => r.id === state.openId),
  },
  actions: {
    async show(source: SourceId | undefined) {
      if (source !== this.source) this.openId = undefined;
      this.source = source;
      this.items = [];
      await this.refresh();
    },
    /** The newest again (after a live refusal), as many as are shown, so the list does not shrink. */
    async refresh() {
      const source = this.source;
      try {
        const limit = Math.min(500, Math.max(PAGE, this.items.length));
        const items = await transport().call('rejections.list', { limit, ...(source ? { source } : {}) });
        if (source !== this.source) return;
        this.items = items;
        this.more = items.length === limit;
        this.error = '';
      } catch (error) {
        this.error = (error as Error).message;
      }
    },
    async older() {
      const last = this.items.at(-1);
      if (!last) return;
      const page = await transport().call('rejections.list', { limit: PAGE, beforeId: last.id, ...(this.source ? { source: this.source } : {}) });
      this.items = [...this.items, ...page];
      this.more = page.length === PAGE;
    },
    open(id: number | undefined) {
      this.openId = id;
    },
  },
});
