import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimalSettings } from '../../electron/engine/settings/minimal-settings.ts';
import { JsonSettingsFile } from '../../electron/engine/settings/json-settings-file.ts';
import { settingsSchema, type Settings } from '../../shared/config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** What an owner might write: few keys, their own order, one explicit default (enabled: true). */
const OWNER_FILE = {
  recipes: [{ recipe: 'shopify-order-email', enabled: true, settings: { to: ['team@example.com'] } }],
  smtp: { host: 'smtp.example.com', from: 'Shop <shop@example.com>' },
  sources: { shopify: { secret: 'shpss_x' } },
};

function changed(raw: unknown, change: (s: Settings) => void): unknown {
  const before = settingsSchema.parse(raw);
  const after = structuredClone(before);
  change(after);
  return minimalSettings(raw, before, after);
}

describe('settings written back to the owner’s file', () => {
  it('keeps the file as it was when nothing changed: no defaults, same key order', () => {
    const out = changed(OWNER_FILE, () => {});
    expect(out).toEqual(OWNER_FILE);
    expect(JSON.stringify(out)).toBe(JSON.stringify(OWNER_FILE));
  });

  it('adds only what changed, inside a section the file did not have', () => {
    const out = changed(OWNER_FILE, (s) => {
      s.paused = true;
      s.tunnel.provider = 'none';
    }) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['recipes', 'smtp', 'sources', 'paused', 'tunnel']);
    expect(out.paused).toBe(true);
    expect(out.tunnel).toEqual({ provider: 'none' });
    expect(out).not.toHaveProperty('runner');
    expect(out).not.toHaveProperty('server');
  });

  it('changes a value in place and drops a key that was removed', () => {
    const raw = { ...OWNER_FILE, smtp: { ...OWNER_FILE.smtp, user: 'me', password: 'pw' } };
    const out = changed(raw, (s) => {
      s.smtp!.host = 'mail.example.org';
      delete s.smtp!.user;
    }) as Record<string, Record<string, unknown>>;
    expect(out.smtp).toEqual({ host: 'mail.example.org', from: 'Shop <shop@example.com>', password: 'pw' });
    expect(Object.keys(out.smtp!)).toEqual(['host', 'from', 'password']);
  });

  it('matches recipes by id, so removing one or adding one keeps the others as written', () => {
    const raw = {
      recipes: [
        { settings: { to: ['a@example.com'] }, recipe: 'shopify-order-email' },
        { recipe: 'clinchpad-lead-email', id: 'leads', settings: { to: ['b@example.com'] }, filter: [{ field: 'order.total', op: '>=', value: 1 }] },
      ],
    };
    const out = changed(raw, (s) => {
      s.recipes.shift();
      s.recipes[0]!.enabled = false;
      s.recipes.push({ recipe: 'generic-email', enabled: true, settings: { to: ['c@example.com'] } });
    });
    expect(out).toEqual({
      recipes: [
        {
          recipe: 'clinchpad-lead-email',
          id: 'leads',
          settings: { to: ['b@example.com'] },
          filter: [{ field: 'order.total', op: '>=', value: 1 }],
          enabled: false,
        },
        { recipe: 'generic-email', enabled: true, settings: { to: ['c@example.com'] } },
      ],
    });
    // Owner's key order within an entry survives too.
    expect(Object.keys((changed(raw, () => {}) as { recipes: object[] }).recipes[0]!)).toEqual(['settings', 'recipe']);
  });

  it('is what JsonSettingsFile writes', () => {
    const path = join(tempDir(), 'shop.json');
    writeFileSync(path, JSON.stringify(OWNER_FILE, null, 2));
    const file = new JsonSettingsFile(path);
    const settings = settingsSchema.parse(file.read());
    file.write({ ...settings, paused: true });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ ...OWNER_FILE, paused: true });
    // A second change builds on what was written, not on the first read.
    file.write({ ...settings, paused: false });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ ...OWNER_FILE, paused: false });
  });
});
