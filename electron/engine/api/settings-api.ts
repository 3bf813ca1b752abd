import { settingsSchema, type Settings } from '../../../shared/config.ts';
import type { ApiArgs, CatchUpSourceId, MaskedSettings } from '../../../shared/contract.ts';
import { HooktrayError } from '../../../shared/errors.ts';
import { CATCH_UP_SOURCE_IDS, platform } from '../../../shared/sources.ts';
import type { SourceId } from '../../../shared/sources.ts';
import type { EngineCore as Engine } from './engine-core.ts';
import { isSourceSecret } from '../settings/secret-keys.ts';
import { SettingsError } from '../settings/settings-store.ts';
import { invalidFields } from './field-errors.ts';
import { apiDestination, checkSecretDestination, SMTP_DESTINATION } from './secret-destinations.ts';

export function maskSettings(settings: Settings, dataDir: string, settingsFile: string, logFile?: string): MaskedSettings {
  const sources: MaskedSettings['sources'] = {};
  const api: MaskedSettings['api'] = {};
  for (const [id, values] of Object.entries(settings.sources) as [SourceId, Record<string, unknown> | undefined][]) {
    if (!values) continue;
    sources[id] = maskValues(id, values);
    const credentials = values.api as Record<string, unknown> | undefined;
    if (isCatchUpSource(id) && credentials && Object.keys(credentials).length) api[id] = maskValues(id, credentials, 'api');
  }
  const { smtp } = settings;
  const { password, ...shownSmtp } = smtp ?? {};
  return {
    ...(smtp ? { smtp: { ...(shownSmtp as Omit<NonNullable<Settings['smtp']>, 'password'>), passwordSet: Boolean(password) } } : {}),
    sources,
    api,
    paused: settings.paused,
    tunnel: maskTunnel(settings.tunnel),
    dataDir,
    // A settings file keeps secrets as typed; the desktop host replaces this with its key store's answer.
    computer: { secrets: 'plain', settingsFile, notifications: null, ...(logFile ? { logFile } : {}) },
  };
}

/**
 * Text values as the window may see them: each secret only as set (true). Under `api`, the
 * shop, address and IDs; apiBaseUrl (a proxy or test server) is not the owner's to edit there.
 */
function maskValues(id: SourceId, values: Record<string, unknown>, under?: 'api'): Record<string, string | boolean> {
  const shown: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'string' || (under && key === 'apiBaseUrl')) continue;
    shown[key] = isSourceSecret(id, key, under) ? value.length > 0 : value;
  }
  return shown;
}

const isCatchUpSource = (id: SourceId): id is CatchUpSourceId => (CATCH_UP_SOURCE_IDS as readonly SourceId[]).includes(id);

function maskTunnel(tunnel: Settings['tunnel']): MaskedSettings['tunnel'] {
  const url = new URL(tunnel.host);
  return {
    provider: tunnel.provider,
    server: url.origin,
    hostHasSecret: url.pathname.replace(/\/+$/, '') !== '',
    ...(tunnel.subdomain ? { subdomain: tunnel.subdomain } : {}),
    ...(tunnel.fingerprint ? { fingerprint: tunnel.fingerprint } : {}),
  };
}

/** Applies a settings change from the UI; secrets left empty keep their value. */
export function applySettingsUpdate(engine: Engine, update: ApiArgs<'settings.update'>): MaskedSettings {
  if (update.notifications !== undefined)
    throw new HooktrayError('invalid_request', 'Notifications are shown by the desktop app only; hooktray serve tells you in its log and the dashboard.');
  const current = engine.currentSettings;
  const next: Settings = structuredClone(current);
  // Where saved secrets go is checked once the values themselves are known to be valid.
  const destinationChecks: (() => void)[] = [];
  if (update.smtp) {
    const { password, user, ...rest } = update.smtp;
    const smtp = { ...rest, ...(user ? { user } : {}), ...(password ? { password } : current.smtp?.password ? { password: current.smtp.password } : {}) };
    next.smtp = smtp;
    destinationChecks.push(() => checkSecretDestination(SMTP_DESTINATION, current.smtp, smtp, () => Boolean(password)));
  }
  const sources = next.sources as Record<string, Record<string, unknown> | undefined>;
  for (const [id, values] of Object.entries(update.sources ?? {}) as [SourceId, Record<string, string | null>][]) {
    setOrDrop(sources, id, allOrNone(id, sources[id], mergeValues(id, sources[id], values)));
  }
  for (const [id, change] of Object.entries(update.api ?? {}) as [CatchUpSourceId, Record<string, string | null | undefined> | null | undefined][]) {
    if (change === undefined) continue;
    const source = { ...sources[id] };
    // null is "Disconnect": every credential goes, apiBaseUrl included.
    const stored = source.api as Record<string, unknown> | undefined;
    const api = change === null ? {} : mergeValues(id, stored, change, 'api');
    const destination = apiDestination(id);
    if (destination && change)
      destinationChecks.push(() => checkSecretDestination(destination, stored, api, (key) => typeof change[key] === 'string' && change[key] !== ''));
    setOrDrop(source, 'api', api);
    setOrDrop(sources, id, source);
  }
  if (update.tunnel) {
    const { provider, host, subdomain, fingerprint } = update.tunnel;
    const pinned = fingerprint === undefined ? current.tunnel.fingerprint : fingerprint.trim() || undefined;
    next.tunnel = {
      provider,
      host: host || current.tunnel.host,
      ...(subdomain ? { subdomain } : subdomain === '' ? {} : current.tunnel.subdomain ? { subdomain: current.tunnel.subdomain } : {}),
      ...(pinned ? { fingerprint: pinned } : {}),
      // The keys our relay gave for our names are Hooktray's own, not the window's to change.
      ...(current.tunnel.nameKeys ? { nameKeys: current.tunnel.nameKeys } : {}),
    };
  }
  validate(next);
  for (const check of destinationChecks) check();
  return maskSettings(save(engine, next), engine.options.dataDir, engine.options.settings.location, engine.options.logFile);
}

/** A change from the window on stored values: "" keeps a secret (and removes any other value), null removes, undefined leaves alone. */
function mergeValues(
  id: SourceId,
  stored: Record<string, unknown> | undefined,
  change: Record<string, string | null | undefined>,
  under?: 'api',
): Record<string, unknown> {
  const merged = { ...stored };
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined || (value === '' && isSourceSecret(id, key, under))) continue;
    if (value === null || value === '') delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/**
 * Removing one of the values that work only together (the generic source's header and secret)
 * removes the others: a header without its secret would refuse every delivery. Setting one
 * alone is still refused by the settings check, with what to add.
 */
function allOrNone(id: SourceId, before: Record<string, unknown> | undefined, after: Record<string, unknown>): Record<string, unknown> {
  const out = { ...after };
  for (const group of platform(id).together ?? []) {
    if (group.some((key) => before?.[key] !== undefined && after[key] === undefined)) for (const key of group) delete out[key];
  }
  return out;
}

/** Sets a settings object, or removes it when nothing is left in it (the file keeps no empty {}). */
function setOrDrop(parent: Record<string, unknown>, key: string, value: Record<string, unknown>): void {
  if (Object.keys(value).length) parent[key] = value;
  else delete parent[key];
}

/** Saves settings, turning a validation failure into an error the UI can show. */
export function save(engine: Engine, next: unknown): Settings {
  return asInvalidRequest(() => engine.updateSettings(next));
}

/** What save would store and run, checked as save checks it (the same refusals, in the same words), saving nothing. */
export function check(engine: Engine, next: unknown): ReturnType<Engine['checkSettings']> {
  return asInvalidRequest(() => engine.checkSettings(next));
}

/** Checks settings as save would, without saving them; a refusal names each field in words and places it. */
function validate(next: unknown): void {
  const result = settingsSchema.safeParse(next);
  if (!result.success) throw invalidFields(result.error.issues);
}

function asInvalidRequest<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SettingsError) throw new HooktrayError('invalid_request', error.problems.join('; '));
    throw error;
  }
}
