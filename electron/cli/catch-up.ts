// `hooktray catch-up`: its flags, checked before the engine loads (catch-up-run.ts does the work).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { runningOn } from '../engine/catchup/offline-periods.ts';
import { dataDirFrom, parseCommandArgs, settingsPathFrom, usageError } from './args.ts';

const HELP = `Usage: hooktray catch-up [options]

Fetches what the platforms sent while Hooktray could not receive (Shopify, WooCommerce,
Stripe and ClinchPad, where API credentials are set) and runs your recipes for exactly those.

  --data-dir DIR   the data folder (default ~/.hooktray)
  --config FILE    settings file (JSON); default DIR/settings.json
  --since TIME     look back to this ISO time instead of where the last catch-up ended
  --dry-run        only print what would be caught up and which recipes each would run
  --json           print one JSON object per platform
`;

export async function runCatchUp(argv: string[]): Promise<number> {
  const args = parseCommandArgs(
    {
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        since: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    },
    HELP,
  );
  if (args.exit !== undefined) return args.exit;
  const { values } = args;
  const since = values.since ? new Date(values.since) : undefined;
  if (since && Number.isNaN(since.getTime())) return usageError(`--since must be an ISO time such as 2026-11-20T14:00:00Z, got "${values.since}".`);
  const dataDir = dataDirFrom(values['data-dir']);
  if (runningElsewhere(dataDir)) {
    process.stderr.write(`Hooktray is running on ${dataDir}: use "Catch up" in its dashboard, or stop it first.\n`);
    return 1;
  }
  const { catchUp } = await import('./catch-up-run.ts');
  return catchUp({
    dataDir,
    settingsPath: settingsPathFrom(values.config, dataDir),
    ...(since ? { since } : {}),
    dryRun: values['dry-run'],
    json: values.json,
  });
}

/** Another Hooktray is running on this data folder (its heartbeat is fresh and it has not stopped). */
function runningElsewhere(dataDir: string): boolean {
  const path = join(dataDir, 'hooktray.db');
  if (!existsSync(path)) return false;
  try {
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      return runningOn(db);
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}
