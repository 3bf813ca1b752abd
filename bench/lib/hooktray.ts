import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SettingsInput } from '../../shared/config.ts';
import { SHOPIFY_SECRET } from '../../test/helpers/shopify.ts';
import { spawnNode, type Spawned, scratchDir } from './processes.ts';

/** The TypeScript sources as `npm run serve` runs them, or the bundle `npm run build:cli` makes. */
export type HooktrayBuild = 'sources' | 'bundle';
const ENTRY: Record<HooktrayBuild, string> = { sources: 'electron/cli.ts', bundle: 'dist-cli/cli.mjs' };

/** `hooktray serve` in a fresh data folder, with the Shopify → email recipe on. */
export async function startHooktray(settings: Partial<SettingsInput> = {}, dataDir = scratchDir('hooktray-bench-'), from: HooktrayBuild = 'sources'): Promise<Spawned & { dataDir: string; webhooks: Record<string, string> }> {
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      smtp: { host: '127.0.0.1', port: 2525, from: 'Shop <shop@example.com>' },
      recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
      ...settings,
    }),
  );
  const spawned = await spawnNode([ENTRY[from], 'serve', '--data-dir', dataDir, '--port', '0', '--json', '--tunnel', 'none']);
  return { ...spawned, dataDir, webhooks: spawned.ready.webhooks as Record<string, string> };
}
