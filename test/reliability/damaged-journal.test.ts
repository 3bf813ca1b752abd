import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../shared/log-line.ts';
import { Engine } from '../../electron/engine/engine.ts';
import { JsonSettingsFile } from '../../electron/engine/settings/json-settings-file.ts';
import { spawnServe, spawnCli } from '../helpers/cli.ts';
import { silentLogger, startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { canMount, smallDisk } from '../helpers/small-disk.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';

const settings = {
  sources: { shopify: { secret: SHOPIFY_SECRET } },
  paused: true,
  recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
};
const ORDERS = 20;

async function deliver(url: string, n: number): Promise<number> {
  const body = JSON.stringify(shopifyOrder(n));
  return (await fetch(url, { method: 'POST', headers: shopifyHeaders(body, { eventId: `order-${n}` }), body })).status;
}

function overwrite(file: string, at: number, length: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, at);
  closeSync(fd);
}

function count(dataDir: string, table: string): number {
  const db = new DatabaseSync(join(dataDir, 'hooktray.db'), { readOnly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * Hooktray acknowledges ORDERS deliveries and is killed (-9) before it copied them from the
 * write-ahead log into the database: a reader holding an old snapshot keeps the copy from
 * happening, as a slow dashboard query can. The acknowledged orders are then only in the log.
 */
async function crashWithOrdersOnlyInTheLog(): Promise<string> {
  const dataDir = tempDir();
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings));
  const serve = await spawnServe(dataDir, ['--no-dashboard']);
  const reader = new DatabaseSync(join(dataDir, 'hooktray.db'), { readOnly: true });
  reader.exec('BEGIN');
  reader.prepare('SELECT COUNT(*) FROM deliveries').get();
  for (let n = 1; n <= ORDERS; n++) expect(await deliver(serve.ready.webhooks.shopify!, n)).toBe(200);
  serve.child.kill('SIGKILL');
  await serve.exited;
  reader.exec('COMMIT');
  reader.close();
  expect(statSync(join(dataDir, 'hooktray.db-wal')).size).toBeGreaterThan(ORDERS * 4096);
  return dataDir;
}

describe('a damaged write-ahead log after a crash', () => {
  it('whose header was overwritten: rebuilt, every acknowledged delivery kept, the owner told, the damaged copy kept', async () => {
    const dataDir = await crashWithOrdersOnlyInTheLog();
    const wal = join(dataDir, 'hooktray.db-wal');
    overwrite(wal, 0, 32);
    const damaged = readFileSync(wal);
    const again = await spawnServe(dataDir, ['--no-dashboard']);
    // The log (stderr, JSON) carries the notice; the window's activity view gets the same words.
    const notice = await waitUntil(() => again.stderr.find((l) => l.includes('recovery file')), 'the notice about the rebuilt log');
    expect(JSON.parse(notice)).toMatchObject({ level: 40, msg: expect.stringMatching(/was damaged .*rebuilt .*every delivery saved in it was kept/) });
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
    expect(count(dataDir, 'deliveries')).toBe(ORDERS);
    expect(count(dataDir, 'runs')).toBe(ORDERS);
    const copy = readdirSync(dataDir).find((f) => /^hooktray\.db\.before-repair-.*-wal$/.test(f));
    expect(readFileSync(join(dataDir, copy!))).toEqual(damaged);
  }, 60_000);

  it.each([
    ['the header and the first saved page', 0, 5_000],
    ['a page in the middle, with later saved deliveries behind it', 40 * 4120, 64],
  ])(
    'with %s damaged: refuses to start, says what to do, changes nothing and keeps a copy',
    async (_what, at, length) => {
      const dataDir = await crashWithOrdersOnlyInTheLog();
      const wal = join(dataDir, 'hooktray.db-wal');
      overwrite(wal, at, length);
      const before = readFileSync(wal);
      const cli = spawnCli(['serve', '--data-dir', dataDir, '--port', '0', '--json', '--tunnel', 'none', '--no-dashboard']);
      expect((await cli.exited).code).toBe(1);
      expect(cli.lines.some((l) => l.event === 'ready')).toBe(false);
      const message = cli.stderr.join('\n');
      expect(message).toMatch(
        new RegExp(`^Hooktray did not start: the journal in ${dataDir} is damaged \\(.*hooktray\\.db-wal.*\\)\\. Starting would lose deliveries`),
      );
      expect(message).toContain(`delete ${wal}`);
      expect(message).not.toMatch(/\n\s+at /);
      expect(readFileSync(wal)).toEqual(before);
      const copy = readdirSync(dataDir).find((f) => /^hooktray\.db\.damaged-.*-wal$/.test(f));
      expect(readFileSync(join(dataDir, copy!))).toEqual(before);
      expect(message).toContain(join(dataDir, copy!.replace(/-wal$/, '')));
    },
    60_000,
  );
});

describe('an empty journal file', () => {
  it('is moved aside with a message that the addresses changed, not silently replaced', async () => {
    const dataDir = tempDir();
    const first = await startEngine(settings, { dataDir });
    const oldUrl = first.webhooks.shopify;
    await first.engine.stop();
    for (const suffix of ['-wal', '-shm']) expect(existsSync(join(dataDir, `hooktray.db${suffix}`))).toBe(false);
    writeFileSync(join(dataDir, 'hooktray.db'), '');
    const engine = new Engine({
      dataDir,
      settings: new JsonSettingsFile(join(dataDir, 'settings.json')),
      logger: silentLogger,
      listen: { host: '127.0.0.1', port: 0 },
    });
    const activity: LogLine[] = [];
    engine.events.on('log', (a) => activity.push(a));
    const started = await engine.start();
    try {
      expect(activity.find((a) => a.level === 'error')?.text).toMatch(
        /was damaged \(it was empty: 0 bytes\)\. It was moved to .*hooktray\.db\.damaged-.* have changed: paste the new ones/,
      );
      expect(started.webhooks.shopify).not.toBe(oldUrl);
      const moved = readdirSync(dataDir).filter((f) => f.startsWith('hooktray.db.damaged-'));
      expect(moved.map((f) => statSync(join(dataDir, f)).size)).toEqual([0]);
      expect(await deliver(started.webhooks.shopify, 1)).toBe(200);
    } finally {
      await engine.stop();
    }
  });
});

describe.skipIf(!canMount)('a read-only data folder after a crash (needs root to mount a tmpfs)', () => {
  it('hooktray serve says the folder is read-only and exits, without a stack trace or a ready line', async () => {
    const disk = smallDisk(16);
    const dataDir = join(disk.path, 'data');
    const settingsPath = join(tempDir(), 'settings.json');
    writeFileSync(settingsPath, JSON.stringify(settings));
    const serve = await spawnServe(dataDir, ['--no-dashboard', '--config', settingsPath]);
    expect(await deliver(serve.ready.webhooks.shopify!, 1)).toBe(200);
    serve.child.kill('SIGKILL');
    await serve.exited;
    expect(existsSync(join(dataDir, 'hooktray.db-wal'))).toBe(true);
    disk.readOnly(true);
    try {
      const cli = spawnCli(['serve', '--data-dir', dataDir, '--config', settingsPath, '--port', '0', '--json', '--tunnel', 'none', '--no-dashboard']);
      expect((await cli.exited).code).toBe(1);
      expect(cli.lines.filter((l) => l.event === 'ready')).toEqual([]);
      const message = cli.stderr.join('\n');
      expect(message).toBe(`Cannot write to the data folder ${dataDir}: it is read-only. Free some space or choose a writable folder with --data-dir.`);
    } finally {
      disk.readOnly(false);
    }
  });
});
