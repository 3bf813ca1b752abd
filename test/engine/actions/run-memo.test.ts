import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEMO_KEEP_DAYS, RunMemo, pruneRunMemos } from '../../../electron/engine/actions/run-memo.ts';
import { Engine } from '../../../electron/engine/engine.ts';
import { JsonSettingsFile } from '../../../electron/engine/settings/json-settings-file.ts';
import { silentLogger } from '../../helpers/engine.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const DAY = 86_400_000;

describe('run memos (what a multi-step action already did for a run)', () => {
  it('survive a new instance for the same run, and are kept apart per install and run', () => {
    const dataDir = tempDir();
    new RunMemo<{ contact: string }>(dataDir, 'clinchpad', 7, 'a1b2c3d4-0000').set('contact', 'c-1');
    expect(new RunMemo<{ contact: string }>(dataDir, 'clinchpad', 7, 'a1b2c3d4-0000').get('contact')).toBe('c-1');
    expect(new RunMemo<{ contact: string }>(dataDir, 'clinchpad', 8, 'a1b2c3d4-0000').get('contact')).toBeUndefined();
    expect(new RunMemo<{ contact: string }>(dataDir, 'clinchpad', 7, 'e5f6a7b8-0000').get('contact')).toBeUndefined();
  });

  it('older than the keep period are removed when the engine starts; recent ones stay', async () => {
    const dataDir = tempDir();
    const dir = join(dataDir, 'action-state');
    mkdirSync(dir, { recursive: true });
    const old = join(dir, 'pipedrive-aaaaaaaa-run-1.json');
    const recent = join(dir, 'pipedrive-aaaaaaaa-run-2.json');
    writeFileSync(old, '{}');
    writeFileSync(recent, '{}');
    const longAgo = new Date(Date.now() - (MEMO_KEEP_DAYS + 1) * DAY);
    utimesSync(old, longAgo, longAgo);
    const engine = new Engine({ dataDir, settings: new JsonSettingsFile(join(dataDir, 'settings.json')), logger: silentLogger });
    await engine.start();
    await engine.stop();
    expect([existsSync(old), existsSync(recent)]).toEqual([false, true]);
  });

  it('pruning a data folder without memos removes nothing and does not throw', () => {
    expect(pruneRunMemos(tempDir(), Date.now())).toBe(0);
  });
});
