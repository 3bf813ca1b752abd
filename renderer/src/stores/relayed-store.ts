import { defineStore } from 'pinia';
import type { RefusedRelayed } from '../../../shared/relayed.ts';
import { transport } from './transport-ref.ts';

/** Deliveries the relay kept while this computer was away and that were refused: a cache of the engine's list. */
export const useRelayedStore = defineStore('relayed', {
  state: () => ({
    refused: [] as RefusedRelayed[],
    /** Why the last "Accept again" of each one that is still listed did not work. */
    outcome: {} as Record<number, { accepted: boolean; message: string }>,
    /** The last accepted one, said once it has left the list. */
    notice: '',
    error: '',
  }),
  actions: {
    async refresh() {
      try {
        this.refused = await transport().call('relayed.refused', {});
        this.error = '';
      } catch (error) {
        this.error = (error as Error).message;
      }
    },
    async acceptAgain(id: number) {
      try {
        const result = await transport().call('relayed.acceptAgain', { id });
        this.outcome = { ...this.outcome, [id]: result };
        if (result.accepted) {
          this.refused = this.refused.filter((r) => r.id !== id);
          this.notice = result.message;
        }
      } catch (error) {
        this.outcome = { ...this.outcome, [id]: { accepted: false, message: (error as Error).message } };
      }
    },
  },
});
