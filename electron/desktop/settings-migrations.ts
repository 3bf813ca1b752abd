/**
 * The desktop app's stored document and how older ones are brought up to date. Each migration
 * is a pure function from one version to the next, so they run (and are tested) without Electron.
 *
 *   v0: the bare settings object (a settings.json copied in from `hooktray serve`)
 *   v1: { version: 1, settings }          (first desktop release)
 *   v2: { version: 2, settings, desktop } (desktop-only preferences: close behaviour, notifications)
 */
export const CURRENT_VERSION = 2;

export interface DesktopPreferences {
  /** Show a notification when a run fails for good or the public address changes. */
  notifications: boolean;
}

export interface DesktopDocument {
  version: typeof CURRENT_VERSION;
  /** Settings as the engine validates them, with secrets sealed (see sealed-settings.ts). */
  settings: unknown;
  desktop: DesktopPreferences;
}

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

const MIGRATIONS: Record<number, Migration> = {
  0: (bare) => ({ version: 1, settings: bare }),
  1: (doc) => ({ ...doc, version: 2, desktop: { notifications: true } }),
};

const versionOf = (doc: Record<string, unknown>) => (typeof doc.version === 'number' && 'settings' in doc ? doc.version : 0);

/** Brings a stored document to the current version; `migrated` lists the steps taken. */
export function migrate(stored: unknown): { doc: DesktopDocument; migrated: number[] } {
  let doc = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const migrated: number[] = [];
  let version = versionOf(doc);
  if (version > CURRENT_VERSION) throw new Error(`These settings were written by a newer Hooktray (format ${version}); update Hooktray to open them.`);
  while (version < CURRENT_VERSION) {
    doc = MIGRATIONS[version]!(doc);
    migrated.push(version);
    version = versionOf(doc);
  }
  return { doc: doc as unknown as DesktopDocument, migrated };
}
