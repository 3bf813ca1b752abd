import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Engine } from '../../electron/engine/engine.ts';
import { JsonSettingsFile } from '../../electron/engine/settings/json-settings-file.ts';
import { spawnCli } from '../helpers/cli.ts';
import { silentLogger, startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const settings = {
  sources: { shopify: { secret: SHOPIFY_SECRET } },
  paused: true,
  recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
};

/** A data folder with one delivery whose run waits in the queue (paused). */
async function withQueuedRun(): Promise<string> {
  const { engine, webhooks, dataDir } = await startEngine(settings);
  const body = JSON.stringify(shopifyOrder(1));
  expect((await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body), body })).status).toBe(200);
  engine.updateSettings({ ...engine.currentSettings, smtp: { host: 'smtp.example.com', port: 587, from: 'Shop <shop@example.com>' } });
  await engine.stop();
  return dataDir;
}

function runStatuses(dataDir: string): string[] {
  const db = new DatabaseSync(join(dataDir, 'hooktray.db'), { readOnly: true });
  try {
    return (db.prepare('SELECT status FROM runs').all() as { status: string }[]).map((r) => r.status);
  } finally {
    db.close();
  }
}

describe('a settings file that holds nothing', () => {
  it.each([
    ['empty', '', 'is empty (0 bytes)'],
    ['blank', '  \n\t\n', 'holds only blank space'],
    ['null', 'null\n', 'holds only "null"'],
  ])('%s: serve refuses to start, names the file and the saved copy, and resets nothing', async (_name, content, what) => {
    const dataDir = await withQueuedRun();
    const file = join(dataDir, 'settings.json');
    expect(JSON.parse(readFileSync(`${file}.bak`, 'utf8'))).toMatchObject({ recipes: [{ recipe: 'shopify-order-email' }] });
    writeFileSync(file, content);
    const cli = spawnCli(['serve', '--data-dir', dataDir, '--port', '0', '--json', '--tunnel', 'none', '--no-dashboard']);
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr.join('\n')).toBe(
      `Settings in ${file} are not valid:\n  - ${what}, so it may have been damaged; Hooktray did not start, so nothing was reset. To get your settings back, the settings as they were before the last change are in ${file}.bak: copy that file over it; to start with empty settings instead, write {} in it.`,
    );
    expect(readFileSync(file, 'utf8')).toBe(content);
    // The queued run is still waiting for its recipe, not failed as "no longer exists".
    expect(runStatuses(dataDir)).toEqual(['queued']);
  });

  it('{} is what an owner writes to start empty: accepted', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), '{}');
    const { engine } = await startEngine({}, { dataDir });
    expect(engine.currentSettings.recipes).toEqual([]);
  });
});

describe('file permissions', () => {
  it('a new data folder is 0700; the journal, its log files and the settings (and their copy) 0600', async () => {
    const dataDir = join(tempDir(), 'new', 'data');
    mkdirSync(join(dataDir, '..'), { recursive: true });
    const settingsPath = join(tempDir(), 'settings.json');
    writeFileSync(settingsPath, JSON.stringify(settings), { mode: 0o644 });
    const engine = new Engine({ dataDir, settings: new JsonSettingsFile(settingsPath), logger: silentLogger, listen: { host: '127.0.0.1', port: 0 } });
    const { webhooks } = await engine.start();
    onTestFinished(() => engine.stop());
    const body = JSON.stringify(shopifyOrder(2));
    expect((await fetch(webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body), body })).status).toBe(200);
    engine.updateSettings({ ...engine.currentSettings, paused: false });
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect(mode(dataDir)).toBe('700');
    for (const suffix of ['', '-wal', '-shm']) expect([suffix, mode(join(dataDir, `hooktray.db${suffix}`))]).toEqual([suffix, '600']);
    expect(mode(settingsPath)).toBe('600');
    expect(existsSync(`${settingsPath}.bak`)).toBe(true);
    expect(mode(`${settingsPath}.bak`)).toBe('600');
  });
});
