import { defineStore } from 'pinia';
import type { Run } from '../../../shared/runs.ts';
import { transport } from './transport-ref.ts';

const HIDDEN_KEY = 'hooktray-first-run-hidden';

/** What Home's first-hour checklist needs beyond the other stores: which recipes have worked once. */
export const useFirstRunStore = defineStore('first-run', {
  state: () => ({
    /** Recipe instances with a run that succeeded (a passed test counts, and so does a real one). */
    worked: [] as string[],
    /** The recipes the last check asked about (ids joined), once it has its answer. */
    checkedFor: undefined as string | undefined,
    hidden: localStorage.getItem(HIDDEN_KEY) === '1',
  }),
  actions: {
    /** Asks the journal about each of these recipes not yet known to have worked. */
    async check(recipeIds: string[]) {
      const unknown = recipeIds.filter((id) => !this.worked.includes(id));
      const found = await Promise.all(
        unknown.map(async (id) => ((await transport().call('runs.list', { recipeId: id, status: 'succeeded', limit: 1 })).length ? id : undefined)),
      );
      this.worked = [...new Set([...this.worked, ...found.filter((id) => id !== undefined)])];
      this.checkedFor = recipeIds.join();
    },
    /** A run heard live. */
    noteRun(run: Run) {
      if (run.status === 'succeeded' && !this.worked.includes(run.recipeId)) this.worked = [...this.worked, run.recipeId];
    },
    hide() {
      this.hidden = true;
      localStorage.setItem(HIDDEN_KEY, '1');
    },
  },
});
