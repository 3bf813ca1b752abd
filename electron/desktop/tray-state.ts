import { storedRuns } from '../../shared/activity-view.ts';
import type { ApiHandlers } from '../../shared/contract.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';
import type { EngineEvents } from '../engine/engine-events.ts';
import { platformTitle, SOURCE_IDS } from '../../shared/sources.ts';
import { entryLine, runLine, type TrayLine } from './activity-words.ts';
import { RECENT_IN_TRAY, type TrayState } from './tray-menu.ts';

export interface TrayEngine {
  api: ApiHandlers;
  events: EngineEvents;
  currentRecipes: { get(id: string): { definition: { title: string } } | undefined };
  tunnel: { status: TunnelStatus } | undefined;
}

/**
 * What the tray shows, kept from engine events, without Electron (so it is tested with a real
 * engine). The recent list starts from the stored activity, so a restart does not empty it.
 * `changed` runs after anything that alters the menu.
 */
export class TrayModel {
  private recent: TrayLine[] = [];
  private tunnel: TunnelStatus | undefined;
  private readonly engine: TrayEngine;
  private readonly changed: () => void;

  constructor(engine: TrayEngine, changed: () => void) {
    this.engine = engine;
    this.changed = changed;
    const { events } = engine;
    events.on('run', (notice) => this.note(runLine(notice, this.titleOf(notice.recipeId))));
    events.on('log', (entry) => this.note(entryLine(entry)));
    events.on('tunnel', (status) => {
      this.tunnel = status;
      changed();
    });
    // A delivery accepted or refused can make a platform broken, or mend it.
    events.on('delivery', changed);
    events.on('refusal', changed);
    // Paused or a recipe switched in the window: the checkboxes follow.
    events.on('settings', changed);
    this.tunnel = engine.tunnel?.status;
  }

  /** Fills the recent list from the store (newest runs first); lines heard live meanwhile win. */
  async load(): Promise<void> {
    const page = await this.engine.api['activity.list']({ limit: RECENT_IN_TRAY });
    const stored = storedRuns(page.items, RECENT_IN_TRAY).map(({ at, run }) => runLine(run, this.titleOf(run.recipeId), at)!);
    const live = new Set(this.recent.map((l) => l.runId));
    this.recent = [...this.recent, ...stored.filter((l) => !live.has(l.runId))].sort((a, b) => b.at.localeCompare(a.at)).slice(0, RECENT_IN_TRAY);
    this.changed();
  }

  async state(): Promise<TrayState> {
    const [status, intake] = await Promise.all([this.engine.api['status.get']({}), this.engine.api['platforms.intake']({})]);
    return {
      paused: status.paused,
      failedRuns: status.runs.failed,
      ...(this.tunnel ? { tunnel: this.tunnel } : {}),
      webhooks: status.webhooks,
      sourceTitles: Object.fromEntries(SOURCE_IDS.map((id) => [id, platformTitle(id)])),
      recipes: status.recipes,
      recent: this.recent,
      intake,
    };
  }

  private titleOf(recipeId: string): string {
    return this.engine.currentRecipes.get(recipeId)?.definition.title ?? recipeId;
  }

  private note(line: TrayLine | undefined): void {
    if (line) this.recent = [line, ...this.recent.filter((l) => line.runId === undefined || l.runId !== line.runId)].slice(0, RECENT_IN_TRAY);
    this.changed();
  }
}
