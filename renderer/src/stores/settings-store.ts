import { defineStore } from 'pinia';
import type { ApiArgs, ApiResult, MaskedSettings, SettingsNotice } from '../../../shared/contract.ts';
import { transport } from './transport-ref.ts';

/** Settings as the engine shows them (secrets only as set / not set), plus the desktop-only start at login. */
export const useSettingsStore = defineStore('settings', {
  state: () => ({
    settings: undefined as MaskedSettings | undefined,
    startAtLogin: { available: false, enabled: false } as ApiResult<'app.startAtLogin'>,
  }),
  getters: {
    /** Paths of saved secrets this computer could not unlock ("sources.shopify.secret"): to be typed in again. */
    reenter: (state) => new Set(state.settings?.computer.secretsToReenter?.map((s) => s.path) ?? []),
  },
  actions: {
    async refresh() {
      const api = transport();
      [this.settings, this.startAtLogin] = await Promise.all([api.call('settings.get', {}), api.call('app.startAtLogin', {})]);
    },
    async update(change: ApiArgs<'settings.update'>) {
      this.settings = await transport().call('settings.update', change);
    },
    noteSettings(notice: SettingsNotice) {
      if (this.settings) this.settings = { ...this.settings, paused: notice.paused };
    },
    /** Opens the log folder in the file manager (the desktop app); false where only the path can be shown. */
    async openLogFolder(): Promise<boolean> {
      return (await transport().call('app.openLogFolder', {})).opened;
    },
    async setStartAtLogin(enabled: boolean) {
      this.startAtLogin = await transport().call('app.startAtLogin', { enabled });
    },
  },
});
