import { defineStore } from 'pinia';
import type { ApiArgs, MaskedSettings } from '../../../shared/contract.ts';
import { transport } from './transport-ref.ts';

/** Settings as the engine shows them (secrets only as set / not set). */
export const useSettingsStore = defineStore('settings', {
  state: () => ({ settings: undefined as MaskedSettings | undefined }),
  actions: {
    async refresh() {
      this.settings = await transport().call('settings.get', {});
    },
    async update(change: ApiArgs<'settings.update'>) {
      this.settings = await transport().call('settings.update', change);
    },
  },
});
