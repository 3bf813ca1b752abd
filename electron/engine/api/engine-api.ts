import { dirname } from 'node:path';
import { HooktrayError } from '../../../shared/errors.ts';
import type { ApiHandlers } from '../../../shared/contract.ts';
import type { TunnelStatus } from '../../../shared/tunnel.ts';
import type { EngineCore as Engine } from './engine-core.ts';
import { CATALOG, findRecipe } from '../recipes/catalog.ts';
import { sourceGuides } from '../sources/index.ts';
import { SOURCES } from '../sources/index.ts';
import { acceptAgain } from '../server/accept-again.ts';
import { platformIntake } from '../store/platform-intake.ts';
import { VERSION } from '../version.ts';
import { recipeBuilderApi } from './recipe-builder-api.ts';
import { recipeEditApi } from './recipe-edit-api.ts';
import { maskRecipes } from './recipe-secrets.ts';
import { mailHandlers } from './mail-api.ts';
import { refuseEmailWithoutServer } from './mail-needed.ts';
import { applySettingsUpdate, maskSettings, save } from './settings-api.ts';
import { instanceId } from '../../../shared/recipes.ts';

export type EngineApi = ApiHandlers;

const TUNNEL_STOPPED: TunnelStatus = { state: 'offline', since: new Date(0).toISOString(), reason: 'Hooktray is not running.' };

/**
 * The engine's queries and commands as plain async functions: the desktop host binds them to
 * IPC, the headless host to HTTP. Arguments arrive already validated against shared/contract.ts.
 */
export function createEngineApi(engine: Engine): EngineApi {
  const startedAt = new Date().toISOString();
  return {
    ...recipeBuilderApi(engine),
    ...recipeEditApi(engine),
    async 'status.get'() {
      const live = engine.isStarted ? engine.state : undefined;
      return {
        version: VERSION,
        startedAt,
        paused: engine.currentSettings.paused,
        webhooks: live?.started.webhooks ?? {},
        runs: live?.runs.countByStatus() ?? { queued: 0, running: 0, retrying: 0, succeeded: 0, failed: 0 },
        deliveries: live ? { ...live.counters } : { accepted: 0, duplicates: 0, rejected: 0, throttled: 0 },
        recipes: maskRecipes(engine.currentRecipes.list()),
      };
    },
    async 'runs.list'(args) {
      return engine.state.runs.list(args);
    },
    async 'runs.get'({ id }) {
      const run = engine.state.runs.get(id);
      if (!run) throw new HooktrayError('not_found', `There is no run ${id}.`);
      return run;
    },
    async 'runs.retry'({ id }) {
      const live = engine.state;
      if (!live.runs.get(id)) throw new HooktrayError('not_found', `There is no run ${id}.`);
      const run = await live.runs.retry(id, Date.now());
      if (!run) throw new HooktrayError('conflict', `Run ${id} is already waiting to run or running right now; retry it once it has finished.`);
      live.runner.wake();
      return run;
    },
    async 'activity.list'(filter) {
      return engine.state.activity.list(filter);
    },
    async 'activity.count'(filter) {
      return { total: engine.state.activity.count(filter) };
    },
    async 'stats.daily'({ days }) {
      return engine.state.daily.daily(days);
    },
    async 'activity.get'({ eventId }) {
      const detail = engine.state.activity.get(eventId);
      if (!detail) throw new HooktrayError('not_found', `There is no delivery ${eventId}.`);
      return detail;
    },
    async 'activity.replay'({ eventId }) {
      const live = engine.state;
      let event;
      try {
        event = live.runs.event(eventId);
      } catch (error) {
        throw new HooktrayError('conflict', (error as Error).message); // kept, but past the intake limits
      }
      if (!event) throw new HooktrayError('not_found', `There is no delivery ${eventId}.`);
      const recipeIds = engine.currentRecipes.match(event);
      if (!recipeIds.length) throw new HooktrayError('conflict', 'No recipe that is switched on reacts to this delivery; turn one on, then replay.');
      const runIds = await live.runs.replay(eventId, recipeIds, Date.now());
      live.runner.wake();
      return { runIds };
    },
    async 'rejections.list'({ limit, source, beforeId }) {
      return engine.state.rejections.list(limit, { ...(source ? { source } : {}), ...(beforeId ? { beforeId } : {}) });
    },
    async 'platforms.intake'() {
      return engine.isStarted ? platformIntake(engine.state.db) : [];
    },
    async 'relayed.refused'() {
      return engine.state.refusedRelayed.list();
    },
    async 'relayed.acceptAgain'({ id }) {
      const live = engine.state;
      return acceptAgain(live.app, live.refusedRelayed, live.acceptAgainToken, id);
    },
    async 'recipes.catalog'() {
      // The prebuilt recipes, and the owner's own made with Build your own (so the window can open them again).
      const made = engine.currentSettings.recipes.map((r) => r.recipe).filter((id, i, all) => all.indexOf(id) === i && !CATALOG.some((c) => c.id === id));
      return [...CATALOG, ...made.map(findRecipe).filter((r) => r !== undefined)];
    },
    async 'recipes.setEnabled'({ id, enabled }) {
      const settings = engine.currentSettings;
      const index = settings.recipes.findIndex((r) => instanceId(r) === id);
      if (index < 0) throw new HooktrayError('not_found', `There is no recipe "${id}".`);
      refuseEmailWithoutServer(settings.recipes[index]!.recipe, enabled, settings);
      const recipes = settings.recipes.map((r, i) => (i === index ? { ...r, enabled } : r));
      return engine.updateSettings({ ...settings, recipes }) && maskRecipes(engine.currentRecipes.list());
    },
    async 'recipes.remove'({ id }) {
      const current = engine.currentSettings;
      if (!current.recipes.some((r) => instanceId(r) === id)) throw new HooktrayError('not_found', `There is no recipe "${id}".`);
      save(engine, { ...current, recipes: current.recipes.filter((r) => instanceId(r) !== id) });
      return maskRecipes(engine.currentRecipes.list());
    },
    async 'settings.get'() {
      return maskSettings(engine.currentSettings, engine.options.dataDir, engine.options.settings.location, engine.options.logFile);
    },
    async 'settings.update'(update) {
      return applySettingsUpdate(engine, update);
    },
    ...mailHandlers(engine),
    async 'app.startAtLogin'() {
      // The desktop host replaces this handler; a headless engine has no login items.
      return {
        available: false,
        enabled: false,
        reason: 'Only the desktop app can start itself when you log in; here Hooktray runs as hooktray serve (start it from your system’s services instead).',
      };
    },
    async 'app.openLogFolder'() {
      // The desktop host opens it in the file manager; headless, the dashboard shows the path.
      return { opened: false, ...(engine.options.logFile ? { folder: dirname(engine.options.logFile) } : {}) };
    },
    async 'app.chooseFile'() {
      // The desktop host shows a save dialog; the dashboard's path field is checked when saved.
      return { available: false };
    },
    async 'engine.setPaused'({ paused }) {
      engine.updateSettings({ ...engine.currentSettings, paused });
      return { paused };
    },
    async 'sources.guides'() {
      return sourceGuides();
    },
    async 'catchup.run'({ since, dryRun }) {
      return engine.state.catchUp.run({ ...(since ? { since: new Date(since) } : {}), ...(dryRun ? { dryRun } : {}) });
    },
    async 'offline.summary'() {
      return engine.state.catchUp.summary() ?? null;
    },
    async 'subscriptions.guard'({ urls }) {
      return engine.state.catchUp.guard(urls);
    },
    async 'sources.regenerateToken'({ source }) {
      if (!SOURCES.has(source)) throw new HooktrayError('not_found', `Hooktray does not receive from ${source} yet.`);
      const live = engine.state;
      const token = live.tokens.regenerate(source);
      const url = `${live.started.baseUrl}/h/${source}/${token}`;
      live.started.webhooks[source] = url;
      return { url };
    },
    async 'tunnel.status'() {
      return engine.tunnel?.status ?? TUNNEL_STOPPED;
    },
    async 'tunnel.reconnect'({ reason }) {
      return engine.tunnel?.reconnectNow(reason ?? 'asked to reconnect') ?? TUNNEL_STOPPED;
    },
  };
}
