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
    /** Email setup: the outgoing server for the owner's address (a known provider, DNS, or the domain's own settings). */
    async findMail(address: string) {
      return transport().call('mail.setup', { address });
    },
    /** Send test email through the form's server (its empty password keeps the saved one). */
    async sendTestMail(to: string, smtp?: ApiArgs<'mail.sendTest'>['smtp']) {
      return transport().call('mail.sendTest', { to, ...(smtp ? { smtp } : {}) });
    },
    /** Connects to the saved mail server and logs in, sending nothing. */
    async checkMail() {
      return transport().call('mail.check', {});
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
