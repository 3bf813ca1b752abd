import type { Settings } from '../../shared/config.ts';
import type { ApiHandlers, MaskedSettings } from '../../shared/contract.ts';
import type { DesktopSettingsStore } from './desktop-settings-store.ts';
import { secretsToReenter } from './secrets-to-reenter.ts';

/** What only the desktop host knows about this computer, beside its settings store. */
export interface DesktopFacts {
  /** The settings the engine runs with now (to find secrets still to be typed in again). */
  current(): Settings;
  /** Where the tray icon is on this system, in words. */
  trayHint?: string;
}

/**
 * settings.get/update as the desktop app answers them: the engine's, plus what only this host
 * knows — whether the OS key store seals the secrets (on Linux without a keyring it cannot),
 * which saved secrets it could not decrypt, where the tray icon is, and the notifications switch,
 * which lives in the desktop document, not in the engine's settings.
 */
export function desktopSettingsApi(api: ApiHandlers, store: DesktopSettingsStore, facts?: DesktopFacts): Pick<ApiHandlers, 'settings.get' | 'settings.update'> {
  const computer = (engine: MaskedSettings['computer']): MaskedSettings['computer'] => {
    const reenter = facts ? secretsToReenter(facts.current(), store.unreadable) : [];
    return {
      ...engine,
      secrets: store.secretsEncrypted ? 'encrypted' : 'plain',
      settingsFile: store.location,
      notifications: store.preferences.notifications,
      ...(reenter.length ? { secretsToReenter: reenter } : {}),
      ...(facts?.trayHint ? { trayHint: facts.trayHint } : {}),
    };
  };
  return {
    async 'settings.get'(args) {
      const masked = await api['settings.get'](args);
      return { ...masked, computer: computer(masked.computer) };
    },
    async 'settings.update'({ notifications, ...change }) {
      if (notifications !== undefined) store.setPreferences({ notifications });
      const masked = Object.keys(change).length ? await api['settings.update'](change) : await api['settings.get']({});
      return { ...masked, computer: computer(masked.computer) };
    },
  };
}
