import type { Logger } from 'pino';
import type { Settings } from '../../../shared/config.ts';
import { platformTitle, type SourceId } from '../../../shared/sources.ts';
import type { TunnelStatus } from '../../../shared/tunnel.ts';
import type { EngineEvents } from '../engine-events.ts';
import type { RecipeSet } from '../recipes/recipe-set.ts';
import { retryDelayMs } from '../recipes/retry-policy.ts';
import { obj } from '../sources/fields.ts';
import type { SourceDefinition } from '../sources/source.ts';
import type { Database } from '../store/database.ts';
import type { Inbox } from '../store/inbox.ts';
import { catchUp, FETCHERS, type CatchUpOptions, type CatchUpReport } from './catch-up.ts';
import { CatchUpState } from './catch-up-state.ts';
import { OfflinePeriods } from './offline-periods.ts';
import { offlineSummary, sentence, type OfflineSummary } from './offline-summary.ts';
import { relaySummary } from './relay-summary.ts';
import { configuredSources, guardSubscriptions, type GuardReport } from './subscription-guard.ts';
import { clockTime } from '../../../shared/clock-time.ts';

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
/** A failed catch-up is tried again at least this often (the runner's backoff, capped). */
const MAX_RETRY_DELAY_MS = 3_600_000;

/** Offline periods, catch-up runs (with timed retries) and the offline summary, for one started engine. */
export class CatchUpService {
  readonly periods: OfflinePeriods;
  private readonly deps: CatchUpServiceDeps;
  private readonly state: CatchUpState;
  private readonly inFlight = new Set<SourceId>();
  private readonly retries = new Map<SourceId, { failures: number; at: number; timer: NodeJS.Timeout }>();
  /** An automatic catch-up queued behind the one running, not started yet. */
  private waiting: Promise<CatchUpReport[]> | undefined;
  /** Catch-ups run one after another, so two never move one platform's mark at once. */
  private tail: Promise<unknown> = Promise.resolve();
  private autoRun = false;
  private stopped = false;

  constructor(deps: CatchUpServiceDeps) {
    this.deps = deps;
    this.periods = new OfflinePeriods(deps.db);
    this.state = new CatchUpState(deps.db);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Records the time Hooktray was not running and, if any platform has API credentials, catches up in the background. */
  start(options: { autoRun: boolean }): void {
    this.autoRun = options.autoRun;
    const gap = this.periods.start(this.now());
    if (gap) this.deps.logger.info({ from: new Date(gap.startedAt).toISOString() }, 'Hooktray was not running for a while; catching up where it can');
    if (options.autoRun && this.hasCredentials()) void this.run().catch((error: unknown) => this.deps.logger.error({ err: error }, 'catch-up at start failed'));
    if (options.autoRun) this.deps.events.on('tunnel', this.onTunnel);
  }

  stop(): void {
    this.stopped = true;
    this.deps.events.off('tunnel', this.onTunnel);
    for (const retry of this.retries.values()) clearTimeout(retry.timer);
    this.retries.clear();
    this.periods.stop(this.now());
  }

  /**
   * The public address going down opens an offline period; coming back closes it, catches up
   * with what the platforms sent meanwhile, and points their webhooks at the (maybe new) address.
   */
  private readonly onTunnel = (status: TunnelStatus): void => {
    const now = this.now();
    if (status.state === 'reconnecting' || status.state === 'offline') {
      this.periods.open(now, TUNNEL_DOWN);
      return;
    }
    if (status.state !== 'online') return;
    this.periods.end(now, TUNNEL_DOWN);
    this.periods.notePublicUrl(status.url);
    if (!this.hasCredentials()) return;
    void this.run().catch((error: unknown) => this.deps.logger.error({ err: error }, 'catch-up after reconnect failed'));
    void this.guard(status.publicWebhooks).catch((error: unknown) => this.deps.logger.error({ err: error }, 'webhook guard failed'));
  };

  /**
   * Catch-ups run one at a time. An automatic one asked for while another waits to start joins
   * it; one asked for while another runs waits for it and then runs (that one may have started
   * before the offline period that prompted this one).
   */
  run(options: Omit<CatchUpOptions, 'progress'> = {}): Promise<CatchUpReport[]> {
    const automatic = !options.since && !options.dryRun && !options.only;
    if (automatic && this.waiting) return this.waiting;
    const progress = (source: SourceId, phase: 'start' | 'end') => (phase === 'start' ? this.inFlight.add(source) : this.inFlight.delete(source));
    const run = this.tail
      .then(() => {
        if (automatic) this.waiting = undefined;
        return catchUp(this.deps, { ...options, progress });
      })
      .then((reports) => {
        if (!options.dryRun) this.scheduleRetries(reports);
        for (const r of reports) this.tell(r, options.dryRun === true);
        return reports;
      });
    this.tail = run.catch(() => {});
    if (automatic) this.waiting = run;
    return run;
  }

  /**
   * A platform that failed for a passing reason (network, 5xx) is tried again on a timer with
   * the runner's backoff, capped at an hour, instead of waiting for the next start or reconnect.
   */
  private scheduleRetries(reports: readonly CatchUpReport[]): void {
    for (const report of reports) {
      const pending = this.retries.get(report.source);
      if (!report.error) {
        if (pending) clearTimeout(pending.timer);
        this.retries.delete(report.source);
        continue;
      }
      if (pending) clearTimeout(pending.timer);
      if (!report.transient || !this.autoRun || this.stopped) {
        this.retries.delete(report.source);
        continue;
      }
      const failures = (pending?.failures ?? 0) + 1;
      const runner = this.deps.settings().runner;
      const delay = retryDelayMs(failures, {
        baseDelayMs: runner.baseDelayMs,
        maxDelayMs: Math.min(runner.maxDelayMs, MAX_RETRY_DELAY_MS),
        maxAttempts: Infinity,
      });
      const timer = setTimeout(() => {
        if (this.stopped) return;
        void this.run({ only: [report.source] }).catch((error: unknown) => this.deps.logger.error({ err: error }, 'catch-up retry failed'));
      }, delay);
      timer.unref();
      this.retries.set(report.source, { failures, at: this.now() + delay, timer });
    }
  }

  /** Points the platforms' webhooks at these public addresses (after a reconnect or a changed URL). */
  async guard(publicUrls: Partial<Record<SourceId, string>>): Promise<GuardReport[]> {
    const reports = await guardSubscriptions({ settings: this.deps.settings(), recipes: this.deps.recipes(), fetch: this.deps.fetch }, publicUrls);
    for (const r of reports) {
      const level = r.outcome === 'failed' ? 'error' : r.outcome === 'manual' ? 'warning' : r.outcome === 'ok' ? 'info' : 'success';
      if (r.outcome !== 'ok') this.deps.events.log(level, r.message, { source: r.source });
    }
    return reports;
  }

  /** The latest offline period, in the owner's words; undefined if Hooktray has never been offline. */
  summary(): OfflineSummary | undefined {
    const [latest] = this.periods.list(1);
    if (!latest) return undefined;
    const nextRetryAt = Object.fromEntries([...this.retries].map(([source, retry]) => [source, retry.at]));
    const summary = offlineSummary({
      period: latest,
      settings: this.deps.settings(),
      inUse: this.sourcesInUse(),
      results: this.state.resultsFor(latest.id),
      running: this.inFlight,
      nextRetryAt,
      now: this.now(),
    });
    const relay = relaySummary(this.deps.db, latest, this.now());
    return relay ? { ...summary, relay } : summary;
  }

  private hasCredentials(): boolean {
    const sources = this.deps.settings().sources;
    return (Object.keys(FETCHERS) as SourceId[]).some((id) => Object.keys(obj(obj(sources[id]).api)).length > 0);
  }

  /** Platforms the owner set up (a secret or API credentials) or that have sent us something. */
  private sourcesInUse(): Set<SourceId> {
    const used = new Set<SourceId>(configuredSources(this.deps.settings()));
    for (const row of this.deps.db.prepare('SELECT DISTINCT source FROM events').all() as { source: SourceId }[]) used.add(row.source);
    return used;
  }

  private tell(report: CatchUpReport, dryRun: boolean): void {
    const title = platformTitle(report.source);
    const retry = this.retries.get(report.source);
    if (report.error) {
      const again = retry ? ` Hooktray tries again at ${clockTime(retry.at)}.` : '';
      this.deps.events.log('error', `Catching up with ${title} failed: ${sentence(report.error)}${again}`, { source: report.source });
    } else if (report.baseline)
      this.deps.events.log('info', `${title}: ${report.fresh} existing items recorded; new ones will be caught up from now on.`, { source: report.source });
    else if (report.fresh > 0)
      this.deps.events.log('success', `${dryRun ? 'Would catch up' : 'Caught up'} ${report.fresh} missed ${title} event${report.fresh === 1 ? '' : 's'}.`, {
        source: report.source,
      });
  }
}
