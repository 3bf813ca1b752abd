import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { MailSetupDeps } from './mail/mail-setup.ts';
import type { Settings } from '../../shared/config.ts';
import { platform, SOURCE_IDS, type SourceId } from '../../shared/sources.ts';
import type { ActionServices } from './actions/action.ts';
import { ACTIONS } from './actions/index.ts';
import { CatchUpService } from './catchup/catch-up-service.ts';
import { MailTransports } from './actions/mail-transports.ts';
import { pruneRunMemos } from './actions/run-memo.ts';
import { createEngineApi, type EngineApi } from './api/engine-api.ts';
import { maskRecipes } from './api/recipe-secrets.ts';
import { EngineEvents } from './engine-events.ts';
import type { LiveParts, StartedEngine } from './live-parts.ts';
import { baseUrlFor, networkBaseUrls } from './listen-address.ts';
import type { Logger } from './log/logger.ts';
import { RECIPE_LOOKUP } from './recipes/catalog.ts';
import { DraftRecipes } from './recipes/draft-recipes.ts';
import { RecipeSet } from './recipes/recipe-set.ts';
import { Runner } from './recipes/runner.ts';
import { CLOSE_GRACE_MS, closeWithin } from './server/close-server.ts';
import { buildWebhookApp } from './server/webhook-app.ts';
import { SettingsError, parseSettings, type SettingsStore } from './settings/settings-store.ts';
import { SOURCES } from './sources/index.ts';
import type { Database } from './store/database.ts';
import { JOURNAL_FILE } from './store/open-journal.ts';
import { openStorage } from './open-storage.ts';
import { ActivityQuery } from './store/activity-query.ts';
import { DailyStatsQuery } from './store/daily-stats-query.ts';
import { Inbox } from './store/inbox.ts';
import { JournalWriter } from './store/journal-writer.ts';
import { releaseIdleMemory } from './idle-memory.ts';
import { RejectionLog } from './store/rejections.ts';
import { RunStore } from './store/runs.ts';
import { SourceTokens } from './store/tokens.ts';
import { RefusedRelayedStore } from './store/refused-relayed.ts';
import { searchWorkWaiting, trigramSupport } from './store/text-search.ts';
import { RestartableTunnel } from './tunnel/restartable-tunnel.ts';
import { startTunnel, type NameKeyStore, type TunnelHandle, type TunnelRequest } from './tunnel/start-tunnel.ts';

export type { StartedEngine };

export interface EngineOptions {
  dataDir: string;
  settings: SettingsStore;
  logger: Logger;
  /** Where the host's logger writes its file (shown in Settings and error messages). */
  logFile?: string;
  /** Overrides of settings.server from the command line. */
  listen?: { host?: string; port?: number };
  /** Replace parts of what actions use (tests, the desktop host). */
  services?: Partial<ActionServices>;
  /** Open the public tunnel (settings.tunnel; values here win). Absent: no tunnel (tests, one-off runs). */
  tunnel?: TunnelRequest;
  now?: () => number;
  /** How email setup looks up a domain's DNS records and autoconfig document (tests point them at 127.0.0.1). */
  mailLookup?: Partial<MailSetupDeps>;
  /** Catch up with the platforms' APIs on start (default true; `hooktray catch-up` runs it itself). */
  autoCatchUp?: boolean;
}

/**
 * The engine: webhook listener → sources → durable inbox → runner → actions. No Electron, no
 * Vue. Creating it has no side effects; hosts call start() and stop().
 */
export class Engine {
  readonly events = new EngineEvents();
  /** Recipes as edited in the wizard, tested without being saved (memory only). */
  readonly drafts = new DraftRecipes();
  readonly options: EngineOptions;
  private settings: Settings;
  private recipes: RecipeSet;
  private live: LiveParts | undefined;
  readonly api: EngineApi;
  private tunnelHandle: RestartableTunnel | undefined;

  constructor(options: EngineOptions) {
    this.options = options;
    this.settings = parseSettings(options.settings.read(), options.settings.location);
    this.recipes = resolveRecipes(this.settings, options.settings.location);
    this.api = createEngineApi(this);
  }

  get currentSettings(): Settings {
    return this.settings;
  }

  get currentRecipes(): RecipeSet {
    return this.recipes;
  }

  /** The parts of a started engine; throws before start() so misuse is loud. */
  get state(): LiveParts {
    if (!this.live) throw new Error('The engine is not started.');
    return this.live;
  }

  /** The public tunnel of a started engine (undefined before start and after stop). */
  get tunnel(): TunnelHandle | undefined {
    return this.tunnelHandle;
  }

  get isStarted(): boolean {
    return this.live !== undefined;
  }

  /** Validates settings and their recipes as updateSettings does, saving and applying nothing. */
  checkSettings(next: unknown): { settings: Settings; recipes: RecipeSet } {
    const settings = parseSettings(next, this.options.settings.location);
    return { settings, recipes: resolveRecipes(settings, this.options.settings.location) };
  }

  /** Validates, saves and applies new settings (recipes and the tunnel switch at once; listener changes need a restart). */
  updateSettings(next: unknown): Settings {
    const { settings, recipes } = this.checkSettings(next);
    this.options.settings.write(settings);
    const previous = this.settings;
    this.settings = settings;
    this.recipes = recipes;
    this.events.emit('settings', { paused: settings.paused, recipes: maskRecipes(recipes.list()) });
    this.live?.runner.setPaused(settings.paused);
    // A name key the relay just gave us is saved here too; it changes nothing the tunnel runs on.
    if (JSON.stringify({ ...previous.tunnel, nameKeys: 0 }) !== JSON.stringify({ ...settings.tunnel, nameKeys: 0 })) void this.tunnelHandle?.restart();
    return settings;
  }

  async start(): Promise<StartedEngine> {
    if (this.live) return this.live.started;
    const { logger, dataDir } = this.options;
    const now = this.options.now ?? Date.now;
    const { db, notices } = openStorage(dataDir);
    for (const notice of notices) {
      logger[notice.level === 'error' ? 'error' : 'warn'](notice.text);
      this.events.log(notice.level, notice.text);
    }
    const search = trigramSupport(db);
    if (!search.indexed)
      logger.warn(
        { reason: search.reason },
        'This SQLite has no FTS5 trigram index: searching the activity view scans every entry instead (the same results, slower over many thousands).',
      );
    const journal = new JournalWriter(join(dataDir, JOURNAL_FILE), {
      onIdle: () => {
        const startedAt = performance.now();
        if (releaseIdleMemory()) logger.debug({ ms: Math.round(performance.now() - startedAt) }, 'quiet for a while: gave idle memory back');
      },
    });
    // Search text for events kept by an older Hooktray, or an index to catch up: the writer does it while writes pause.
    if (searchWorkWaiting(db)) void journal.call('indexSearch', 200).catch(() => undefined);
    const tokens = new SourceTokens(db);
    const runs = new RunStore(db, journal);
    const rejections = new RejectionLog(db, journal, (rejection) => this.events.emit('refusal', rejection));
    const installId = installIdOf(db);
    const mail = new MailTransports(this.settings.runner.concurrency);
    const runner = new Runner({
      runs,
      recipes: () => this.recipes,
      drafts: this.drafts,
      events: this.events,
      logger,
      now,
      policy: () => this.settings.runner,
      services: {
        smtp: () => this.settings.smtp,
        mail,
        fetch: globalThis.fetch,
        logger,
        installId,
        dataDir,
        ...this.options.services,
      },
    });
    const inbox = new Inbox(
      journal,
      (event) => this.recipes.match(event),
      (delivery, result) => {
        if (result.runIds.length) runner.wake();
        const { source, platformEvent, origin, events } = delivery;
        this.events.emit('delivery', {
          source,
          platformEvent,
          origin,
          duplicate: result.duplicate,
          summaries: events.map((e) => e.summary),
          runIds: result.runIds,
        });
      },
    );
    const refusedRelayed = new RefusedRelayedStore(db);
    const acceptAgainToken = randomBytes(32).toString('base64url');
    const { app, counters } = buildWebhookApp({
      sources: SOURCES,
      tokens,
      inbox,
      rejections,
      sourceSettings: (id) => this.settings.sources[id] as Record<string, unknown> | undefined,
      events: this.events,
      logger,
      bodyLimit: this.settings.server.bodyLimit,
      requestTimeoutMs: this.settings.server.requestTimeoutMs,
      now,
      relayKeys: () => Object.values(this.settings.tunnel.nameKeys ?? {}),
      refusedRelayed,
      acceptAgainToken,
    });
    const host = this.options.listen?.host ?? this.settings.server.host;
    const port = this.options.listen?.port ?? this.settings.server.port;
    // A start that fails half-way leaves nothing open (a listener or the writer thread would keep the process alive).
    const abandon = async (error: unknown) => {
      await runner.stop(0);
      await app.close();
      await journal.close();
      db.close();
      throw error;
    };
    await app.listen({ host, port }).catch(abandon);
    const address = app.server.address();
    const boundPort = typeof address === 'object' && address ? address.port : port;
    const baseUrl = baseUrlFor(host, boundPort);
    const networkUrls = networkBaseUrls(host, boundPort);
    const webhooks = Object.fromEntries(SOURCE_IDS.filter((id) => SOURCES.has(id)).map((id) => [id, `${baseUrl}/h/${id}/${tokens.get(id)}`])) as Record<
      SourceId,
      string
    >;
    runner.setPaused(this.settings.paused);
    await runner.start().catch(abandon);
    const catchUp = new CatchUpService({
      db,
      inbox,
      sources: SOURCES,
      settings: () => this.settings,
      recipes: () => this.recipes,
      events: this.events,
      logger,
      fetch: this.options.services?.fetch ?? globalThis.fetch,
      now,
    });
    catchUp.start({ autoRun: this.options.autoCatchUp ?? true });
    pruneRunMemos(dataDir, now());
    this.live = {
      db,
      journal,
      app,
      counters,
      inbox,
      runs,
      rejections,
      tokens,
      runner,
      mail,
      catchUp,
      activity: new ActivityQuery(db, runs),
      daily: new DailyStatsQuery(db),
      refusedRelayed,
      acceptAgainToken,
      started: { baseUrl, webhooks, ...(networkUrls.length ? { networkUrls } : {}) },
    };
    this.warnAboutMissingSecrets();
    // After the listener is up; never awaited: the tunnel may take long or stay offline.
    this.tunnelHandle = new RestartableTunnel(() =>
      startTunnel({
        settings: this.settings.tunnel,
        request: this.options.tunnel,
        db,
        localPort: boundPort,
        listenHost: host,
        webhooks: () => this.live?.started.webhooks ?? {},
        events: this.events,
        logger,
        nameKeys: this.nameKeys,
      }),
    );
    return this.live.started;
  }

  /**
   * Stops accepting webhooks (a request still arriving after a short grace is cut off), lets
   * in-flight runs finish (or puts them back), closes the journal.
   */
  async stop(graceMs = 10_000): Promise<void> {
    const live = this.live;
    if (!live) return;
    this.live = undefined;
    await this.tunnelHandle?.stop();
    this.tunnelHandle = undefined;
    await closeWithin(live.app, Math.min(graceMs, CLOSE_GRACE_MS));
    live.catchUp.stop();
    await live.runner.stop(graceMs);
    live.mail.close();
    await live.journal.close();
    live.db.close();
  }

  /** The keys our relay gave for the names we hold ("<server>/<name>"), kept with the other secrets. */
  private readonly nameKeys: NameKeyStore = {
    get: (id) => this.settings.tunnel.nameKeys?.[id],
    save: (id, key) => {
      try {
        this.updateSettings({ ...this.settings, tunnel: { ...this.settings.tunnel, nameKeys: { ...this.settings.tunnel.nameKeys, [id]: key } } });
      } catch (error) {
        // The tunnel keeps working; the next start asks for the name again without its key.
        this.options.logger.error({ err: (error as Error).message }, 'could not save the key the relay gave for our name');
      }
    },
  };

  /** A platform a switched-on recipe waits for, without the values that prove its deliveries genuine, refuses them all. */
  private warnAboutMissingSecrets(): void {
    for (const id of SOURCE_IDS) {
      const needed = platform(id).fields.filter((f) => !f.optional);
      const values = (this.settings.sources[id] ?? {}) as Record<string, unknown>;
      const missing = needed.filter((f) => !values[f.key]);
      if (!missing.length || this.recipes.wantedEvents(id, { anyPlatform: false }).size === 0) continue;
      const what = missing.map((f) => f.what).join(' and ');
      const message = `${platform(id).title} deliveries will be refused (401) until you enter ${what} in Settings → ${platform(id).title} (sources.${id} in the settings file).`;
      this.options.logger.warn(message);
      this.events.log('warning', message, { source: id });
    }
  }
}

function resolveRecipes(settings: Settings, location: string): RecipeSet {
  try {
    return RecipeSet.resolve(settings.recipes, RECIPE_LOOKUP, ACTIONS);
  } catch (error) {
    const problems = (error as { problems?: string[] }).problems;
    if (problems) throw new SettingsError(location, problems);
    throw error;
  }
}

function installIdOf(db: Database): string {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'install-id'`).get() as { value: string } | undefined;
  if (row) return row.value;
  const id = randomUUID();
  db.prepare(`INSERT INTO meta (key, value) VALUES ('install-id', ?)`).run(id);
  return id;
}
