import { join } from 'node:path';
import { app, safeStorage } from 'electron';
import ElectronStore from 'electron-store';
import { readSettingsFile } from '../engine/settings/read-settings-file.ts';
import { DesktopSettingsStore } from './desktop-settings-store.ts';
import type { Cipher } from './sealed-settings.ts';
import type { DesktopDocument } from './settings-migrations.ts';

const SETTINGS_NAME = 'hooktray-settings';

/** Secrets sealed by the OS key store (Keychain, DPAPI, libsecret). */
export const safeStorageCipher: Cipher = {
  // On Linux without a keyring Electron falls back to a fixed key ("basic_text"): that is not encryption.
  available: () => safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
  decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
};

/**
 * The desktop app's settings: electron-store (atomic writes, JSON schema for the document's
 * frame) holding the versioned document; the engine's settings schema checks the rest.
 */
export function createDesktopSettings(): DesktopSettingsStore {
  // electron-store's own file (<userData>/<name>.json), checked first: an empty or damaged file
  // stops the start with what to do instead of a bare SyntaxError.
  readSettingsFile(join(app.getPath('userData'), `${SETTINGS_NAME}.json`));
  const store = new ElectronStore<Record<string, unknown>>({
    name: SETTINGS_NAME,
    // Never wipe the owner's settings on a problem: the engine names the field instead.
    clearInvalidConfig: false,
    schema: {
      version: { type: 'integer', minimum: 0 },
      settings: { type: 'object' },
      desktop: { type: 'object', properties: { notifications: { type: 'boolean' } } },
    },
  });
  return new DesktopSettingsStore(
    {
      location: store.path,
      read: () => (store.size === 0 ? undefined : store.store),
      write: (doc: DesktopDocument) => {
        store.store = doc as unknown as Record<string, unknown>;
      },
    },
    safeStorageCipher,
  );
}
