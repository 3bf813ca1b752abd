import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { onTestFinished } from 'vitest';
import type { SettingsInput } from '../../shared/config.ts';
import { Engine, type EngineOptions } from '../../electron/engine/engine.ts';
import { JsonSettingsFile } from '../../electron/engine/settings/json-settings-file.ts';
import { tempDir } from './temp-dir.ts';

export const silentLogger = pino({ level: 'silent' });

/** A started engine on 127.0.0.1 with a free port, its own data folder and settings file. */
export async function startEngine(settings: SettingsInput, options: Partial<EngineOptions> & { dataDir?: string } = {}) {
  const dataDir = options.dataDir ?? tempDir();
  const settingsPath = join(dataDir, 'settings.json');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(settingsPath, JSON.stringify(settings));
  const engine = new Engine({
    dataDir,
    settings: new JsonSettingsFile(settingsPath),
    logger: silentLogger,
    listen: { host: '127.0.0.1', port: 0 },
    ...options,
  });
  const started = await engine.start();
  onTestFinished(() => engine.stop(2000));
  return { engine, dataDir, ...started };
}
