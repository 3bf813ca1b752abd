import { execFileSync } from 'node:child_process';
import { closeSync, fstatSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { LogLine } from '../../shared/log-line.ts';
import { Engine } from '../../electron/engine/engine.ts';
import { postWebhook } from '../helpers/deliver.ts';
import { silentLogger, startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyOrder } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { JsonSettingsFile } from '../../electron/engine/settings/json-settings-file.ts';

/** A small tmpfs of our own: a real filesystem that really fills up and can really go read-only. */
function smallDisk(sizeMb: number): string | undefined {
  const mountPoint = join(tempDir(), 'disk');
  mkdirSync(mountPoint);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', mountPoint], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  onTestFinished(() => {
    execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
  });
  return mountPoint;
}

/** Whether this machine lets us mount a tmpfs (root in a sandbox that allows it), tried for real. */
const canMount = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

const settings = {
  sources: { shopify: { secret: SHOPIFY_SECRET } },
  paused: true,
  recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
};

/** The status Hooktray answers order n with (a 4 KB order, so the disk fills in a few). */
async function deliver(url: string, n: number): Promise<number> {
  return (await postWebhook(url, shopifyOrder(n, { note: 'x'.repeat(4000) }), { eventId: `disk-${n}` })).status;
}

/**
 * Fills the disk to the last byte, then gives `leaveBytes` back. Writing until ENOSPC cannot race
 * the journal the way "write free space minus a bit" does: whatever it writes meanwhile, the
 * filler takes the rest. Returns the filler's path.
 */
function fillDisk(disk: string, leaveBytes: number): string {
  const filler = join(disk, 'filler.bin');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(1024 * 1024);
  let size = 0;
  try {
    for (;;) size += writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  // A partly written last chunk still counts: truncate from the file's real size.
  size = fstatSync(fd).size;
  ftruncateSync(fd, Math.max(0, size - leaveBytes));
  closeSync(fd);
  return filler;
}

// Needs root to mount a tmpfs (CI and these machines run as root); elsewhere it says why it skipped.
describe.skipIf(!canMount)('disk trouble (needs root to mount a small tmpfs)', () => {
  it('answers 503, never 200, while the disk is full, says why, and resumes when space returns', async () => {
    const disk = smallDisk(12);
    expect(disk).toBeDefined();
    const dataDir = join(disk!, 'data');
    const { engine, webhooks } = await startEngine(settings, { dataDir });
    const activity: LogLine[] = [];
    engine.events.on('log', (a) => activity.push(a));
    expect(await deliver(webhooks.shopify, 0)).toBe(200);

    const filler = fillDisk(disk!, 64 * 1024);

    const statuses: number[] = [];
    for (let n = 1; n <= 60 && !statuses.includes(503); n++) statuses.push(await deliver(webhooks.shopify, n));
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses).toContain(503);
    const acknowledged = statuses.filter((s) => s === 200).length;
    // Everything answered 200 is really stored.
    const stored = engine.state.db.prepare(`SELECT COUNT(*) AS n FROM deliveries`).get() as { n: number };
    expect(stored.n).toBe(acknowledged + 1);
    expect(activity.some((a) => a.level === 'error' && /disk full or read-only/.test(a.text))).toBe(true);
    // Still full: still 503.
    expect(await deliver(webhooks.shopify, 100)).toBe(503);

    rmSync(filler);
    expect(await deliver(webhooks.shopify, 100)).toBe(200);
    expect(await deliver(webhooks.shopify, 101)).toBe(200);
  });

  it('refuses to start on a read-only data folder with a message that says what to do, and starts once it is writable', async () => {
    const disk = smallDisk(16);
    mkdirSync(join(disk!, 'data'));
    // A running journal keeps files open, so Linux will not remount it read-only under us; a
    // folder that is read-only when Hooktray starts (a locked USB drive, a full-disk remount) is
    // what owners meet, and it must be a clear refusal, not a crash or a silent in-memory mode.
    execFileSync('mount', ['-o', 'remount,ro', disk!]);
    const dataDir = join(disk!, 'data');
    const settingsPath = join(tempDir(), 'settings.json');
    writeFileSync(settingsPath, JSON.stringify(settings));
    const engine = new Engine({ dataDir, settings: new JsonSettingsFile(settingsPath), logger: silentLogger, listen: { host: '127.0.0.1', port: 0 } });
    try {
      await expect(engine.start()).rejects.toThrow(/Cannot write to the data folder .*data.*read-only.*--data-dir/s);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', disk!]);
    }
    const { webhooks } = await startEngine(settings, { dataDir });
    expect(await deliver(webhooks.shopify, 1)).toBe(200);
  });
});
