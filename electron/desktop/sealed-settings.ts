import { randomBytes } from 'node:crypto';
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

/**
 * Secrets that could not be decrypted (the key store changed, the settings came from another
 * computer), each replaced by a random stand-in nobody can know: the settings stay valid, so
 * Hooktray starts, and whatever used the secret fails as with a wrong one (a delivery signed with
 * the old key is refused, an API answers 401) instead of trusting a value anyone could guess.
 * Written back, a stand-in becomes its original ciphertext again, so a key store that comes back
 * (an unlocked keyring) still opens it; a value typed in meanwhile replaces it.
 */
export class UnreadableSecrets {
  private readonly originals = new Map<string, SealedValue>();

  /** A stand-in for this ciphertext; a tunnel host stays a URL, on a name that says why and never resolves (.invalid). */
  standIn(sealed: SealedValue, path: string[]): string {
    const token = `unreadable-${randomBytes(16).toString('hex')}`;
    const standIn = path.join('.') === 'tunnel.host' ? `https://needs-to-be-entered-again.invalid/${token}` : token;
    this.originals.set(standIn, sealed);
    return standIn;
  }

  /** The ciphertext a stand-in replaced, if `value` is one. */
  original(value: unknown): SealedValue | undefined {
    return typeof value === 'string' ? this.originals.get(value) : undefined;
  }

  /** Every secret of these settings that is still a stand-in, by path. */
  pathsIn(settings: Settings): string[][] {
    return secretPaths(settings).filter((path) => this.original(valueAt(settings, path)) !== undefined);
  }
}

const isSealed = (value: unknown): value is SealedValue => typeof value === 'object' && value !== null && typeof (value as SealedValue).$sealed === 'string';

function valueAt(root: unknown, path: string[]): unknown {
  let node = root;
  for (const key of path) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

function walk(root: unknown, path: string[], change: (value: unknown) => unknown): void {
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    node = node?.[key] as Record<string, unknown>;
    if (!node || typeof node !== 'object') return;
  }
  const last = path.at(-1)!;
  if (last in node) node[last] = change(node[last]);
}

/** The settings with every secret replaced by its ciphertext (a stand-in by the ciphertext it stood for). */
export function sealSecrets(settings: Settings, cipher: Cipher, unreadable?: UnreadableSecrets): unknown {
  const copy = structuredClone(settings) as unknown;
  const available = cipher.available();
  for (const path of secretPaths(settings)) {
    walk(copy, path, (v) => unreadable?.original(v) ?? (available && typeof v === 'string' ? ({ $sealed: cipher.encrypt(v) } satisfies SealedValue) : v));
  }
  return copy;
}

/** The stored settings with every sealed value decrypted (wherever it sits); one that cannot be becomes a stand-in. */
export function openSecrets(stored: unknown, cipher: Cipher, unreadable = new UnreadableSecrets(), path: string[] = []): unknown {
  if (isSealed(stored)) {
    try {
      return cipher.decrypt(stored.$sealed);
    } catch {
      return unreadable.standIn(stored, path);
    }
  }
  if (Array.isArray(stored)) return stored.map((v, i) => openSecrets(v, cipher, unreadable, [...path, String(i)]));
  if (stored && typeof stored === 'object')
    return Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, openSecrets(v, cipher, unreadable, [...path, k])]));
  return stored;
}

/** True when any secret in the stored settings is still plain text (e.g. after an import, or a key store that appeared later). */
export function hasPlainSecrets(settings: Settings, stored: unknown): boolean {
  return secretPaths(settings).some((path) => typeof valueAt(stored, path) === 'string');
}
