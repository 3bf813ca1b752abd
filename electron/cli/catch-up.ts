import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { CatchUpReport } from '../../shared/catchup.ts';
import { HooktrayError } from '../../shared/errors.ts';
import { runningOn } from '../engine/catchup/offline-periods.ts';
import { Engine } from '../engine/engine.ts';
import { createLogger } from '../engine/log/logger.ts';
import { JsonSettingsFile } from '../engine/settings/json-settings-file.ts';
import { SettingsError } from '../engine/settings/settings-store.ts';
import { dataDirFrom, parseCommandArgs, settingsPathFrom, usageError } from './args.ts';
import { printJson } from './output.ts';

const HELP = `Usage: hooktray catch-up [options]

Fetches what the platforms sent while Hooktray could not receive (Shopify, WooCommerce,
Stripe and ClinchPad, where API credentials are set) and runs your recipes for exactly those.

  --data-dir DIR   the data folder (default ~/.hooktray)
  --config FILE    settings file (JSON); default DIR/settings.json
  --since TIME     look back to this ISO time instead of where the last catch-up ended
  --dry-run        only print what would be caught up and which recipes each would run
  --json           print one JSON object per platform
`;

/** Runs that catch-up queued are given this long to finish before the command returns. */
const RUN_WAIT_MS = 60_000;

export async function runCatchUp(argv: string[]): Promise<number> {
  const args = parseCommandArgs(
    {
      args: argv,
      options: { 'data-dir': { type: 'string' }, config: { type: 'string' }, since: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
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
  let engine: Engine;
  try {
    engine = new Engine({ dataDir, settings: new JsonSettingsFile(settingsPathFrom(values.config, dataDir)), logger: createLogger({ level: 'warn' }), listen: { host: '127.0.0.1', port: 0 }, autoCatchUp: false });
    await engine.start();
  } catch (error) {
    if (error instanceof SettingsError || error instanceof HooktrayError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  try {
    const reports = await engine.state.catchUp.run({ ...(since ? { since } : {}), dryRun: values['dry-run'] });
    for (const r of reports) {
      if (values.json) printJson({ event: 'catch-up', ...r });
      else process.stdout.write(reportText(r, values['dry-run']));
    }
    const runIds = reports.reduce((n, r) => n + r.runs, 0);
    // Give the queued runs a minute to go out now; what is left runs on the next start of Hooktray.
    if (!values['dry-run'] && runIds > 0 && !engine.currentSettings.paused) await waitForRuns(engine);
    return reports.some((r) => r.error) ? 1 : 0;
  } finally {
    await engine.stop();
  }
}

/** One platform's catch-up in words, as `hooktray catch-up` prints it without --json. */
export function reportText(r: CatchUpReport, dryRun: boolean): string {
  if (r.skipped) return `${r.source}: skipped (${r.skipped})\n`;
  if (r.error) return `${r.source}: failed: ${r.error}\n`;
  const head = `${r.source}: ${r.fetched} fetched since ${r.since}, ${r.fresh} never seen${r.baseline ? ' (first look: recorded as seen, nothing run)' : dryRun ? ' (dry run: nothing stored or run)' : `, ${r.runs} recipe run${r.runs === 1 ? '' : 's'} queued`}\n`;
  // A dry run says what each event would run, so the owner can check before running it for real.
  if (r.plan) return head + r.plan.map((p) => `  - ${p.summary} → ${p.recipes.length ? p.recipes.join(', ') : 'no recipe'}\n`).join('');
  return head + r.summaries.map((s) => `  - ${s}\n`).join('');
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

async function waitForRuns(engine: Engine): Promise<void> {
  const deadline = Date.now() + RUN_WAIT_MS;
  while (Date.now() < deadline) {
    const counts = engine.state.runs.countByStatus();
    if (counts.queued + counts.running === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
