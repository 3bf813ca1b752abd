/**
 * The contract's operation and live-event names as plain lists, without zod: what the preload's
 * allow-list and the event streams need. shared/contract.ts checks at compile time that these
 * lists and its API map name exactly the same operations and events.
 */
export const API_NAMES = [
  'status.get',
  'runs.list',
  'runs.get',
  'runs.retry',
  'activity.list',
  'activity.count',
  'activity.get',
  'activity.replay',
  'stats.daily',
  'rejections.list',
  'platforms.intake',
  'relayed.refused',
  'relayed.acceptAgain',
  'recipes.catalog',
  'recipes.builder',
  'recipes.compose',
  'recipes.choices',
  'recipes.preview',
  'recipes.setEnabled',
  'recipes.sendTest',
  'recipes.save',
  'recipes.remove',
  'settings.get',
  'settings.update',
  'mail.setup',
  'mail.sendTest',
  'mail.check',
  'app.startAtLogin',
  'app.openLogFolder',
  'app.chooseFile',
  'engine.setPaused',
  'sources.guides',
  'catchup.run',
  'offline.summary',
  'subscriptions.guard',
  'sources.regenerateToken',
  'tunnel.status',
  'tunnel.reconnect',
] as const;

export const LIVE_EVENT_NAMES = ['delivery', 'refusal', 'run', 'log', 'tunnel', 'settings'] as const;
