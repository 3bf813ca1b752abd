// `hooktray catch-up` once its flags are checked (catch-up.ts): start the engine, catch up, report.
import type { CatchUpReport } from '../../shared/catchup.ts';
import { HooktrayError } from '../../shared/errors.ts';
import { Engine } from '../engine/engine.ts';
import { createLogger } from '../engine/log/logger.ts';
import { JsonSettingsFile } from '../engine/settings/json-settings-file.ts';
import { SettingsError } from '../engine/settings/settings-store.ts';
import { printJson } from './output.ts';

/** Runs that catch-up queued are given this long to finish before the command returns. */
const RUN_WAIT_MS = 60_000;

export interface CatchUpCommand {
  dataDir: string;
  settingsPath: string;
  since?: Date;
  dryRun: boolean;
  json: boolean;
}

/** Catches up on the data folder with checked options; resolves with the exit code. */
export async function catchUp(options: CatchUpCommand): Promise<number> {
  const { dataDir, settingsPath, since } = options;
  let engine: Engine;
  try {
    engine = new Engine({
      dataDir,
      settings: new JsonSettingsFile(settingsPath),
      logger: createLogger({ level: 'warn' }),
      listen: { host: '127.0.0.1', port: 0 },
      autoCatchUp: false,
    });
    await engine.start();
  } catch (error) {
    if (error instanceof SettingsError || error instanceof HooktrayError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  try {
    const reports = await engine.state.catchUp.run({ ...(since ? { since } : {}), dryRun: options.dryRun });
    for (const r of reports) {
      if (options.json) printJson({ event: 'catch-up', ...r });
      else process.stdout.write(reportText(r, options.dryRun));
    }
    const runIds = reports.reduce((n, r) => n + r.runs, 0);
    // Give the queued runs a minute to go out now; what is left runs on the next start of Hooktray.
    if (!options.dryRun && runIds > 0 && !engine.currentSettings.paused) await waitForRuns(engine);
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

async function waitForRuns(engine: Engine): Promise<void> {
  const deadline = Date.now() + RUN_WAIT_MS;
  while (Date.now() < deadline) {
    const counts = engine.state.runs.countByStatus();
    if (counts.queued + counts.running === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
