import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DocumentBacking } from '../../electron/desktop/desktop-settings-store.ts';
import type { Cipher } from '../../electron/desktop/sealed-settings.ts';

/** Stands in for safeStorage: real AES-256-GCM with a key only this process knows. */
export function aesCipher(available = true): Cipher {
  const key = randomBytes(32);
  return {
    available: () => available,
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    decrypt(sealed) {
      const raw = Buffer.from(sealed, 'base64');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/** The document in a real JSON file, as electron-store keeps it. */
export function fileBacking(path: string): DocumentBacking {
  return {
    location: path,
    read: () => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined),
    write: (doc) => writeFileSync(path, JSON.stringify(doc)),
  };
}
