import type { Logger } from 'pino';
import type { Settings } from '../../../shared/config.ts';
import type { SourceId } from '../../../shared/sources.ts';
import type { TunnelStatus } from '../../../shared/tunnel.ts';
import type { EngineEvents } from '../engine-events.ts';
import { obj } from '../sources/fields.ts';
import type { SourceDefinition } from '../sources/source.ts';
import type { Database } from '../store/database.ts';
import type { RecipeSet } from '../recipes/recipe-set.ts';
import type { Inbox } from '../store/inbox.ts';
import { catchUp, FETCHERS, type CatchUpReport } from './catch-up.ts';
import { OfflinePeriods } from './offline-periods.ts';
import { offlineSummary, type OfflineSummary } from './offline-summary.ts';
import { guardSubscriptions, type GuardReport } from './subscription-guard.ts';

export interface CatchUpServiceDeps {
  db: Database;
  inbox: Inbox;
  sources: ReadonlyMap<SourceId, SourceDefinition>;
  settings: () => Settings;
  recipes: () => RecipeSet;
  events: EngineEvents;
  logger: Logger;
  fetch: typeof fetch;
  now?: () => number;
}

const TUNNEL_DOWN = 'the public address was down';

/** Offline periods, catch-up runs and the offline summary, for one started engine. */
export class CatchUpService {
  readonly periods: OfflinePeriods;
  private readonly deps: CatchUpServiceDeps;
  private lastReports: CatchUpReport[] = [];
  private running: Promise<CatchUpReport[]> | undefined;

  constructor(deps: CatchUpServiceDeps) {
    this.deps = deps;
    this.periods = new OfflinePeriods(deps.db);
  }

  /** Records the time Hooktray was not running and, if any platform has API credentials, catches up in the background. */
  start(options: { autoRun: boolean }): void {
    const now = (this.deps.now ?? Date.now)();
    const gap = this.periods.start(now);
    if (gap) this.deps.logger.info({ from: new Date(gap.startedAt).toISOString() }, 'Hooktray was not running for a while; catching up where it can');
    if (options.autoRun && this.hasCredentials()) void this.run();
    if (options.autoRun) this.deps.events.on('tunnel', this.onTunnel);
  }

  stop(): void {
    this.deps.events.off('tunnel', this.onTunnel);
    this.periods.stop((this.deps.now ?? Date.now)());
  }

  /**
   * The public address going down opens an offline period; coming back closes it, catches up
   * with what the platforms sent meanwhile, and points their webhooks at the (maybe new) address.
   */
  private readonly onTunnel = (status: TunnelStatus): void => {
    const now = (this.deps.now ?? Date.now)();
    if (status.state === 'reconnecting' || status.state === 'offline') {
      this.periods.open(now, TUNNEL_DOWN);
      return;
    }
    if (status.state !== 'online') return;
    this.periods.end(now, TUNNEL_DOWN);
    if (!this.hasCredentials()) return;
    void this.run().catch((error: unknown) => this.deps.logger.error({ err: error }, 'catch-up after reconnect failed'));
    void this.guard(status.publicWebhooks).catch((error: unknown) => this.deps.logger.error({ err: error }, 'webhook guard failed'));
  };

  /** One catch-up at a time; a second call while one runs gets the same result. */
  run(options: { since?: Date; dryRun?: boolean } = {}): Promise<CatchUpReport[]> {
    if (this.running && !options.since && !options.dryRun) return this.running;
    const run = catchUp(this.deps, options).then((reports) => {
      if (!options.dryRun) this.lastReports = reports;
      for (const r of reports) this.tell(r, options.dryRun === true);
      return reports;
    });
    if (!options.since && !options.dryRun) {
      this.running = run;
      void run.finally(() => (this.running = undefined)).catch(() => {});
    }
    return run;
  }

  /** Points the platforms' webhooks at these public addresses (after a reconnect or a changed URL). */
  async guard(publicUrls: Partial<Record<SourceId, string>>): Promise<GuardReport[]> {
    const reports = await guardSubscriptions({ settings: this.deps.settings(), recipes: this.deps.recipes(), fetch: this.deps.fetch }, publicUrls);
    for (const r of reports) {
      const level = r.outcome === 'failed' ? 'error' : r.outcome === 'manual' ? 'warning' : r.outcome === 'ok' ? 'info' : 'success';
      if (r.outcome !== 'ok') this.deps.events.activity(level, r.message, { source: r.source });
    }
    return reports;
  }

  /** The latest offline period, in the owner's words; undefined if Hooktray has never been offline. */
  summary(): OfflineSummary | undefined {
    const [latest] = this.periods.list(1);
    if (!latest) return undefined;
    return offlineSummary(latest, this.deps.settings(), this.sourcesInUse(), this.lastReports, (this.deps.now ?? Date.now)());
  }

  private hasCredentials(): boolean {
    const sources = this.deps.settings().sources;
    return (Object.keys(FETCHERS) as SourceId[]).some((id) => Object.keys(obj(obj(sources[id]).api)).length > 0);
  }

  /** Platforms the owner set up (a secret or API credentials) or that have sent us something. */
  private sourcesInUse(): Set<SourceId> {
    const used = new Set<SourceId>();
    for (const [id, value] of Object.entries(this.deps.settings().sources)) if (value && Object.keys(value).length) used.add(id as SourceId);
    for (const row of this.deps.db.prepare('SELECT DISTINCT source FROM events').all() as { source: SourceId }[]) used.add(row.source);
    return used;
  }

  private tell(report: CatchUpReport, dryRun: boolean): void {
    const title = this.deps.sources.get(report.source)?.title ?? report.source;
    if (report.error) this.deps.events.activity('error', `Catching up with ${title} failed: ${report.error}`, { source: report.source });
    else if (report.baseline) this.deps.events.activity('info', `${title}: ${report.fresh} existing items recorded; new ones will be caught up from now on.`, { source: report.source });
    else if (report.fresh > 0) this.deps.events.activity('success', `${dryRun ? 'Would catch up' : 'Caught up'} ${report.fresh} missed ${title} event${report.fresh === 1 ? '' : 's'}.`, { source: report.source });
  }
}
