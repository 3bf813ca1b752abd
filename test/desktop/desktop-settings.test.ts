import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopSettingsApi } from '../../electron/desktop/desktop-settings-api.ts';
import { DesktopSettingsStore } from '../../electron/desktop/desktop-settings-store.ts';
import { migrate } from '../../electron/desktop/settings-migrations.ts';
import { Engine } from '../../electron/engine/engine.ts';
import { silentLogger } from '../helpers/engine.ts';
import { aesCipher, fileBacking } from '../helpers/desktop-store.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const PLAIN = {
  sources: { shopify: { secret: 'shpss_signing' }, stripe: { secret: 'whsec_x', api: { secretKey: 'sk_live_y' } } },
  smtp: { host: 'smtp.example.com', port: 587, user: 'shop', password: 'mail-pass', from: 'Shop <shop@example.com>' },
  recipes: [{ recipe: 'shopify-customer-hubspot', settings: { token: 'pat-eu1-token' } }],
  tunnel: {
    provider: 'localtunnel',
    host: 'https://relay.example.com/relay-secret',
    nameKeys: { 'https://relay.example.com/my-shop': 'NAMEKEYxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' },
  },
};
const SECRETS = ['shpss_signing', 'whsec_x', 'sk_live_y', 'mail-pass', 'pat-eu1-token', 'relay-secret', 'NAMEKEYxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'];

describe('desktop settings (electron-store document, secrets sealed)', () => {
  it('migrates a bare settings.json (v0) to the current document and seals every secret at rest', () => {
    const path = join(tempDir(), 'hooktray-settings.json');
    writeFileSync(path, JSON.stringify(PLAIN));
    const store = new DesktopSettingsStore(fileBacking(path), aesCipher());
    expect(store.read()).toMatchObject(PLAIN);
    const onDisk = readFileSync(path, 'utf8');
    for (const secret of SECRETS) expect(onDisk).not.toContain(secret);
    const doc = JSON.parse(onDisk);
    expect(doc).toMatchObject({
      version: 2,
      desktop: { notifications: true },
      settings: { smtp: { host: 'smtp.example.com', password: { $sealed: expect.any(String) } } },
    });
    // Read again: the same plain settings come back from the sealed document.
    expect(store.read()).toMatchObject(PLAIN);
  });

  it('runs each migration in order and refuses a document from a newer version', () => {
    expect(migrate({ version: 1, settings: { paused: true } })).toEqual({
      doc: { version: 2, settings: { paused: true }, desktop: { notifications: true } },
      migrated: [1],
    });
    expect(migrate(PLAIN).migrated).toEqual([0, 1]);
    expect(migrate({ version: 2, settings: {}, desktop: { notifications: false } }).migrated).toEqual([]);
    expect(() => migrate({ version: 9, settings: {} })).toThrow(/newer Hooktray/);
  });

  it('keeps secrets readable (and says so) when the computer has no key store', () => {
    const path = join(tempDir(), 's.json');
    writeFileSync(path, JSON.stringify(PLAIN));
    const store = new DesktopSettingsStore(fileBacking(path), aesCipher(false));
    expect(store.read()).toMatchObject(PLAIN);
    expect(store.secretsEncrypted).toBe(false);
    expect(readFileSync(path, 'utf8')).toContain('mail-pass');
  });

  it("is the engine's SettingsStore: a change through the API is stored sealed", async () => {
    const dir = tempDir();
    const path = join(dir, 'doc.json');
    const store = new DesktopSettingsStore(fileBacking(path), aesCipher());
    const engine = new Engine({ dataDir: dir, settings: store, logger: silentLogger, listen: { host: '127.0.0.1', port: 0 } });
    await engine.start();
    try {
      await engine.api['settings.update']({
        smtp: { host: 'smtp.example.com', port: 465, secure: true, user: 'shop', password: 'new-mail-pass', from: 'Shop <shop@example.com>' },
      });
      const onDisk = readFileSync(path, 'utf8');
      expect(onDisk).not.toContain('new-mail-pass');
      expect(store.read()).toMatchObject({ smtp: { password: 'new-mail-pass', port: 465 } });
      store.setPreferences({ notifications: false });
      expect(JSON.parse(readFileSync(path, 'utf8')).desktop).toEqual({ notifications: false });
    } finally {
      await engine.stop();
    }
  });

  it('tells the window whether secrets are encrypted, and switches notifications, through settings.get/update', async () => {
    for (const keyStore of [true, false]) {
      const dir = tempDir();
      const path = join(dir, 'doc.json');
      writeFileSync(path, JSON.stringify(PLAIN));
      const store = new DesktopSettingsStore(fileBacking(path), aesCipher(keyStore));
      const engine = new Engine({ dataDir: dir, settings: store, logger: silentLogger, listen: { host: '127.0.0.1', port: 0 } });
      await engine.start();
      try {
        const api = { ...engine.api, ...desktopSettingsApi(engine.api, store) };
        expect((await api['settings.get']({})).computer).toEqual({ secrets: keyStore ? 'encrypted' : 'plain', settingsFile: path, notifications: true });
        const off = await api['settings.update']({ notifications: false });
        expect(off.computer.notifications).toBe(false);
        expect(JSON.parse(readFileSync(path, 'utf8')).desktop).toEqual({ notifications: false });
        // Together with an engine setting: both apply, the secret stays as it was.
        const both = await api['settings.update']({ notifications: true, sources: { shopify: { secret: '' } } });
        expect(both).toMatchObject({ sources: { shopify: { secret: true } }, computer: { notifications: true } });
        expect(store.read()).toMatchObject({ sources: { shopify: { secret: 'shpss_signing' } } });
      } finally {
        await engine.stop();
      }
    }
  });
});
