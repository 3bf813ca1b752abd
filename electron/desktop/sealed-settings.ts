import type { Settings } from '../../shared/config.ts';
import { secretPaths } from '../engine/settings/secret-keys.ts';

/** Encrypts strings for storage at rest (Electron safeStorage in the app, a fake in tests). */
export interface Cipher {
  /** False when the OS offers no key store: secrets then stay readable, and the owner is told. */
  available(): boolean;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

/** A secret as stored: its ciphertext (base64), never the value. */
export interface SealedValue {
  $sealed: string;
}

const isSealed = (value: unknown): value is SealedValue => typeof value === 'object' && value !== null && typeof (value as SealedValue).$sealed === 'string';

function walk(root: unknown, path: string[], change: (value: unknown) => unknown): void {
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    node = node?.[key] as Record<string, unknown>;
    if (!node || typeof node !== 'object') return;
  }
  const last = path.at(-1)!;
  if (last in node) node[last] = change(node[last]);
}

/** The settings with every secret replaced by its ciphertext. */
export function sealSecrets(settings: Settings, cipher: Cipher): unknown {
  const copy = structuredClone(settings) as unknown;
  if (!cipher.available()) return copy;
  for (const path of secretPaths(settings)) walk(copy, path, (v) => (typeof v === 'string' ? ({ $sealed: cipher.encrypt(v) } satisfies SealedValue) : v));
  return copy;
}

/** The stored settings with every sealed value decrypted (wherever it sits). */
export function openSecrets(stored: unknown, cipher: Cipher): unknown {
  if (isSealed(stored)) return cipher.decrypt(stored.$sealed);
  if (Array.isArray(stored)) return stored.map((v) => openSecrets(v, cipher));
  if (stored && typeof stored === 'object') return Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, openSecrets(v, cipher)]));
  return stored;
}

/** True when any secret in the stored settings is still plain text (e.g. after an import, or a key store that appeared later). */
export function hasPlainSecrets(settings: Settings, stored: unknown): boolean {
  return secretPaths(settings).some((path) => {
    let node = stored as Record<string, unknown> | undefined;
    for (const key of path) node = node?.[key] as Record<string, unknown> | undefined;
    return typeof node === 'string';
  });
}
