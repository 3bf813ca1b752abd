import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SettingsInput } from '../../shared/config.ts';
import { SHOPIFY_SECRET } from '../../test/helpers/shopify.ts';
import { spawnCommand, spawnNode, type Spawned, scratchDir } from './processes.ts';

/** The TypeScript sources run directly, or the bundle `npm run build:cli` makes (what `hooktray` runs). */
export type HooktrayBuild = 'sources' | 'bundle';
const ENTRY: Record<HooktrayBuild, string> = { sources: 'electron/cli.ts', bundle: 'dist-cli/cli.mjs' };

/**
 * How an owner starts the headless app: the README's command (bin/hooktray: the project's Node 24
 * running the bundle, with no process in between), or through npm as `npm run serve` does.
 */
export type HooktrayCommand = 'readme' | 'npm-run-serve';
const COMMANDS: Record<HooktrayCommand, { command: string; args: string[] }> = {
  readme: { command: 'bin/hooktray', args: ['serve'] },
  'npm-run-serve': { command: 'npm', args: ['run', '--silent', 'serve', '--'] },
};

/** `hooktray serve` in a fresh data folder, with the Shopify → email recipe on. */
export async function startHooktray(
  settings: Partial<SettingsInput> = {},
  dataDir = scratchDir('hooktray-bench-'),
  from: HooktrayBuild = 'sources',
): Promise<Spawned & { dataDir: string; webhooks: Record<string, string> }> {
  writeSettings(dataDir, settings);
  const spawned = await spawnNode([ENTRY[from], 'serve', '--data-dir', dataDir, '--port', '0', '--json', '--tunnel', 'none']);
  return { ...spawned, dataDir, webhooks: spawned.ready.webhooks as Record<string, string> };
}

/** The same, started by a command as an owner types it (plus a free port, JSON lines and no tunnel, for measuring). */
export async function startHooktrayCommand(how: HooktrayCommand, dataDir = scratchDir('hooktray-bench-')): Promise<Spawned> {
  writeSettings(dataDir, {});
  const { command, args } = COMMANDS[how];
  return spawnCommand(command, [...args, '--data-dir', dataDir, '--port', '0', '--json', '--tunnel', 'none'], { timeoutMs: 120_000 });
}

function writeSettings(dataDir: string, settings: Partial<SettingsInput>): void {
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      smtp: { host: '127.0.0.1', port: 2525, from: 'Shop <shop@example.com>' },
      recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
      ...settings,
    }),
  );
}
