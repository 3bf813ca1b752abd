import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../shared/log-line.ts';
import { Engine } from '../../electron/engine/engine.ts';
import { JsonSettingsFile } from '../../electron/engine/settings/json-settings-file.ts';
import { SettingsError } from '../../electron/engine/settings/settings-store.ts';
import { deliver } from '../helpers/deliver.ts';
import { silentLogger, startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyOrder } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const settings = {
  sources: { shopify: { secret: SHOPIFY_SECRET } },
  paused: true,
  recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
};

async function startCollecting(dataDir: string) {
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings));
  const engine = new Engine({
    dataDir,
    settings: new JsonSettingsFile(join(dataDir, 'settings.json')),
    logger: silentLogger,
    listen: { host: '127.0.0.1', port: 0 },
  });
  const activity: LogLine[] = [];
  engine.events.on('log', (entry) => activity.push(entry));
  const started = await engine.start();
  return { engine, started, activity };
}

describe('damaged files', () => {
  it('moves a journal that is not a database aside, says so, and keeps receiving', async () => {
    const dataDir = tempDir();
    const garbage = Buffer.from('this was never a SQLite file '.repeat(200));
    writeFileSync(join(dataDir, 'hooktray.db'), garbage);
    const { engine, started, activity } = await startCollecting(dataDir);
    try {
      const backup = readdirSync(dataDir).find((f) => f.startsWith('hooktray.db.damaged-') && !f.endsWith('-wal') && !f.endsWith('-shm'));
      expect(backup).toBeDefined();
      expect(readFileSync(join(dataDir, backup!))).toEqual(garbage);
      const warning = activity.find((a) => a.level === 'error');
      expect(warning?.text).toContain('was damaged');
      expect(warning?.text).toContain(backup!);
      await deliver(started.webhooks.shopify, shopifyOrder(1));
    } finally {
      await engine.stop();
    }
  });

  it('says the webhook addresses changed when nothing could be read from the damaged journal', async () => {
    const dataDir = tempDir();
    const first = await startEngine(settings, { dataDir });
    const oldUrl = first.webhooks.shopify;
    await deliver(oldUrl, shopifyOrder(2));
    await first.engine.stop();
    const path = join(dataDir, 'hooktray.db');
    const bytes = readFileSync(path);
    bytes.fill(0, 0, 100); // the header: what a torn copy or a bad sector leaves
    writeFileSync(path, bytes);
    const { engine, started, activity } = await startCollecting(dataDir);
    try {
      expect(activity.find((a) => a.level === 'error')?.text).toContain('have changed: paste the new ones');
      expect(started.webhooks.shopify).not.toBe(oldUrl);
      await deliver(started.webhooks.shopify, shopifyOrder(3));
    } finally {
      await engine.stop();
    }
  });

  it('refuses a settings file that is not JSON, naming the file, and leaves it as it was', () => {
    const dataDir = tempDir();
    const path = join(dataDir, 'settings.json');
    writeFileSync(path, '{"sources": {"shopify": {"secret": "x"}');
    let error: unknown;
    try {
      new Engine({ dataDir, settings: new JsonSettingsFile(path), logger: silentLogger });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('is not valid JSON');
    expect(readFileSync(path, 'utf8')).toBe('{"sources": {"shopify": {"secret": "x"}');
  });
});
