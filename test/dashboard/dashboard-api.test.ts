import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDashboard } from '../../electron/cli/dashboard.ts';
import { silentLogger, startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET } from '../helpers/shopify.ts';

const NAME_KEY = 'NAMEKEYxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';

/** The window's operations over the dashboard's HTTP transport, against a real engine and settings file. */
async function setup() {
  const started = await startEngine({
    sources: { shopify: { secret: SHOPIFY_SECRET } },
    smtp: { host: '127.0.0.1', port: 2525, user: 'shop', password: 'mail-password', from: 'Shop <shop@example.com>' },
    tunnel: { provider: 'none', host: 'https://relay.example.com/relay-secret-123', nameKeys: { 'https://relay.example.com/my-shop': NAME_KEY } },
    paused: true,
  });
  const dashboard = await startDashboard(started.engine, { port: 0, logger: silentLogger });
  const url = new URL(dashboard.url);
  const token = url.hash.replace('#token=', '');
  const call = async (op: string, args: unknown = {}) => {
    const res = await fetch(`${url.origin}/api/${op}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { message?: string } };
  };
  const stored = () => JSON.parse(readFileSync(join(started.dataDir, 'settings.json'), 'utf8'));
  return { ...started, dashboard, call, stored };
}

describe('dashboard API for the window', () => {
  it('shows settings with secrets only as set/not set, and an empty secret keeps the stored one', async () => {
    const { call, stored, dataDir, dashboard } = await setup();
    const { body } = await call('settings.get');
    expect(body).toMatchObject({
      smtp: { host: '127.0.0.1', user: 'shop', passwordSet: true },
      sources: { shopify: { secret: true } },
      tunnel: { provider: 'none', server: 'https://relay.example.com', hostHasSecret: true },
      dataDir,
    });
    const text = JSON.stringify(body);
    for (const secret of ['mail-password', SHOPIFY_SECRET, 'relay-secret-123', NAME_KEY]) expect(text).not.toContain(secret);

    const updated = await call('settings.update', {
      smtp: { host: '127.0.0.1', port: 2525, secure: false, user: 'shop', password: '', from: 'Orders <orders@example.com>' },
      sources: { woocommerce: { secret: 'woo-secret' }, shopify: { secret: '' } },
      tunnel: { provider: 'localtunnel', host: '' },
    });
    expect(updated.status).toBe(200);
    const file = stored();
    expect(file.smtp).toMatchObject({ host: '127.0.0.1', from: 'Orders <orders@example.com>', password: 'mail-password' });
    expect(file.sources).toMatchObject({ shopify: { secret: SHOPIFY_SECRET }, woocommerce: { secret: 'woo-secret' } });
    // The relay's key for our name is Hooktray's own: a change from the window keeps it.
    expect(file.tunnel).toEqual({
      provider: 'localtunnel',
      host: 'https://relay.example.com/relay-secret-123',
      nameKeys: { 'https://relay.example.com/my-shop': NAME_KEY },
    });
    // The relay's certificate fingerprint: set, shown (it is not a secret), kept when left out, removed with "".
    const fingerprint = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':');
    expect((await call('settings.update', { tunnel: { provider: 'localtunnel', fingerprint } })).body).toMatchObject({ tunnel: { fingerprint } });
    expect((await call('settings.update', { tunnel: { provider: 'localtunnel' } })).body).toMatchObject({ tunnel: { fingerprint } });
    expect(stored().tunnel).toMatchObject({ fingerprint, nameKeys: { 'https://relay.example.com/my-shop': NAME_KEY } });
    const bad = await call('settings.update', { tunnel: { provider: 'localtunnel', fingerprint: 'not a fingerprint' } });
    expect([bad.status, bad.body.message, (bad.body.fields as { field: string }[] | undefined)?.[0]?.field]).toEqual([
      400,
      expect.stringContaining("Your relay's certificate fingerprint"),
      'tunnel.fingerprint',
    ]);
    expect((await call('settings.update', { tunnel: { provider: 'localtunnel', fingerprint: '' } })).body.tunnel).not.toHaveProperty('fingerprint');
    await dashboard.close();
  });

  it('saves every email setting the settings file holds, requireTLS included, and shows it back', async () => {
    const { call, stored, dashboard } = await setup();
    const smtp = { host: '127.0.0.1', port: 2525, secure: false, requireTLS: true, user: 'shop', from: 'Shop <shop@example.com>' };
    const saved = await call('settings.update', { smtp });
    expect(saved.status).toBe(200);
    expect(stored().smtp).toMatchObject({ host: '127.0.0.1', requireTLS: true, password: 'mail-password' });
    expect((await call('settings.get')).body.smtp).toEqual({ ...smtp, passwordSet: true });
    await dashboard.close();
  });

  it('refuses invalid settings with a message naming the field, and changes nothing', async () => {
    const { call, stored, dashboard } = await setup();
    const before = stored();
    const bad = await call('settings.update', { smtp: { host: '', port: 587, secure: false, from: 'x' } });
    expect(bad.status).toBe(400);
    // Named in words, and placed at its field for the window.
    expect(bad.body.message).toMatch(/^The mail server is empty: enter the mail server’s name/);
    expect((bad.body.fields as { field: string }[]).map((f) => f.field)).toEqual(['smtp.host', 'smtp.from']);
    expect(stored()).toEqual(before);
    await dashboard.close();
  });

  it('saves a recipe from the wizard with its API token masked in every answer, and keeps the token when it comes back empty', async () => {
    const { call, stored, dashboard } = await setup();
    const saved = await call('recipes.save', { recipe: 'shopify-customer-hubspot', enabled: false, settings: { token: 'pat-eu1-secret-token' } });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual([expect.objectContaining({ id: 'shopify-customer-hubspot', enabled: false, settings: { token: true } })]);
    const status = await call('status.get');
    expect(JSON.stringify(status.body)).not.toContain('pat-eu1-secret-token');

    await call('recipes.save', { recipe: 'shopify-customer-hubspot', enabled: true, settings: { token: '' } });
    expect(stored().recipes).toEqual([{ recipe: 'shopify-customer-hubspot', enabled: true, settings: { token: 'pat-eu1-secret-token' } }]);

    const missing = await call('recipes.save', { recipe: 'shopify-order-email', enabled: true, settings: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/to/);

    expect((await call('recipes.remove', { id: 'shopify-customer-hubspot' })).body).toEqual([]);
    expect(stored().recipes).toEqual([]);
    await dashboard.close();
  });

  it('says secrets are kept as typed in the settings file, and that notifications are the desktop app’s', async () => {
    const { call, dashboard, dataDir } = await setup();
    expect((await call('settings.get')).body.computer).toEqual({ secrets: 'plain', settingsFile: join(dataDir, 'settings.json'), notifications: null });
    const refused = await call('settings.update', { notifications: true });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('desktop app only');
    await dashboard.close();
  });

  it('says start at login is a desktop-only setting in the headless host', async () => {
    const { call, dashboard } = await setup();
    expect((await call('app.startAtLogin', { enabled: true })).body).toEqual({
      available: false,
      enabled: false,
      reason: expect.stringContaining('Only the desktop app'),
    });
    await dashboard.close();
  });
});
