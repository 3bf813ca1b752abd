import type { Settings } from '../../shared/config.ts';
import { parseSettings, type SettingsStore } from '../engine/settings/settings-store.ts';
import { hasPlainSecrets, openSecrets, sealSecrets, UnreadableSecrets, type Cipher } from './sealed-settings.ts';
import { migrate, type DesktopDocument, type DesktopPreferences } from './settings-migrations.ts';

/** Where the document lives: electron-store in the app, memory in tests. */
export interface DocumentBacking {
  readonly location: string;
  read(): unknown;
  write(doc: DesktopDocument): void;
}

/**
 * The engine's SettingsStore for the desktop app: a versioned document (migrated on first read)
 * whose secrets are sealed with the OS key store. The engine only ever sees plain settings.
 */
export class DesktopSettingsStore implements SettingsStore {
  readonly location: string;
  private readonly backing: DocumentBacking;
  private readonly cipher: Cipher;
  private doc: DesktopDocument | undefined;
  /** Secrets the key store could not decrypt at the last read (see UnreadableSecrets). */
  readonly unreadable = new UnreadableSecrets();

  constructor(backing: DocumentBacking, cipher: Cipher) {
    this.backing = backing;
    this.cipher = cipher;
    this.location = backing.location;
  }

  read(): unknown {
    const stored = this.backing.read();
    if (stored === undefined) return undefined;
    const { doc, migrated } = migrate(stored);
    this.doc = doc;
    const settings = openSecrets(doc.settings, this.cipher, this.unreadable);
    // Migrated, or secrets still in plain text while a key store exists: store them sealed now.
    if (migrated.length || (this.cipher.available() && hasPlainSecrets(parseSettings(settings, this.location), doc.settings)))
      this.write(parseSettings(settings, this.location));
    return settings;
  }

  write(settings: Settings): void {
    const doc: DesktopDocument = { version: 2, settings: sealSecrets(settings, this.cipher, this.unreadable), desktop: this.preferences };
    this.backing.write(doc);
    this.doc = doc;
  }

  get preferences(): DesktopPreferences {
    return this.doc?.desktop ?? { notifications: true };
  }

  setPreferences(change: Partial<DesktopPreferences>): void {
    const doc = this.doc ?? migrate({}).doc;
    this.doc = { ...doc, desktop: { ...doc.desktop, ...change } };
    this.backing.write(this.doc);
  }

  /** False when secrets cannot be encrypted on this computer (no key store): the window says so. */
  get secretsEncrypted(): boolean {
    return this.cipher.available();
  }
}
