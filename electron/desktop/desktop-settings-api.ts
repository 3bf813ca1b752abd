import type { ApiHandlers, MaskedSettings } from '../../shared/contract.ts';
import type { DesktopSettingsStore } from './desktop-settings-store.ts';

/**
 * settings.get/update as the desktop app answers them: the engine's, plus what only this host
 * knows — whether the OS key store seals the secrets (on Linux without a keyring it cannot) and
 * the notifications switch, which lives in the desktop document, not in the engine's settings.
 */
export function desktopSettingsApi(api: ApiHandlers, store: DesktopSettingsStore): Pick<ApiHandlers, 'settings.get' | 'settings.update'> {
  const computer = (): MaskedSettings['computer'] => ({ secrets: store.secretsEncrypted ? 'encrypted' : 'plain', settingsFile: store.location, notifications: store.preferences.notifications });
  return {
    async 'settings.get'(args) {
      return { ...(await api['settings.get'](args)), computer: computer() };
    },
    async 'settings.update'({ notifications, ...change }) {
      if (notifications !== undefined) store.setPreferences({ notifications });
      const masked = Object.keys(change).length ? await api['settings.update'](change) : await api['settings.get']({});
      return { ...masked, computer: computer() };
    },
  };
}
