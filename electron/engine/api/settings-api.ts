import type { Settings } from '../../../shared/config.ts';
import type { ApiArgs, CatchUpSourceId, MaskedSettings } from '../../../shared/contract.ts';
import { HooktrayError } from '../../../shared/errors.ts';
import type { SourceId } from '../../../shared/sources.ts';
import type { Engine } from '../engine.ts';
import { SOURCE_SECRET_KEYS as SECRET_KEYS } from '../settings/secret-keys.ts';
import { SettingsError } from '../settings/settings-store.ts';

export function maskSettings(settings: Settings, dataDir: string, settingsFile: string, logFile?: string): MaskedSettings {
  const sources: MaskedSettings['sources'] = {};
  for (const [id, values] of Object.entries(settings.sources) as [SourceId, Record<string, unknown> | undefined][]) {
    if (!values) continue;
    const masked: Record<string, string | boolean> = {};
    for (const [key, value] of Object.entries(values)) if (typeof value === 'string') masked[key] = SECRET_KEYS.has(key) ? value.length > 0 : value;
    sources[id] = masked;
  }
  const { smtp } = settings;
  return {
    ...(smtp ? { smtp: { host: smtp.host, port: smtp.port, secure: smtp.secure, ...(smtp.user ? { user: smtp.user } : {}), from: smtp.from, passwordSet: Boolean(smtp.password) } } : {}),
    sources,
    api: maskApiCredentials(settings),
    paused: settings.paused,
    tunnel: maskTunnel(settings.tunnel),
    dataDir,
    // A settings file keeps secrets as typed; the desktop host replaces this with its key store's answer.
    computer: { secrets: 'plain', settingsFile, notifications: null, ...(logFile ? { logFile } : {}) },
  };
}

/** Connected catch-up credentials: the window sees the shop, address and IDs, and of each secret only that it is set. */
function maskApiCredentials(settings: Settings): MaskedSettings['api'] {
  const masked: MaskedSettings['api'] = {};
  for (const id of CATCH_UP_SOURCES) {
    const api = (settings.sources[id] as { api?: Record<string, unknown> } | undefined)?.api;
    if (!api || Object.keys(api).length === 0) continue;
    const shown: Record<string, string | boolean> = {};
    // apiBaseUrl (a proxy or test server) is not the owner's to edit here and stays out.
    for (const [key, value] of Object.entries(api)) if (typeof value === 'string' && key !== 'apiBaseUrl') shown[key] = SECRET_KEYS.has(key) ? value.length > 0 : value;
    masked[id] = shown;
  }
  return masked;
}

function maskTunnel(tunnel: Settings['tunnel']): MaskedSettings['tunnel'] {
  const url = new URL(tunnel.host);
  return { provider: tunnel.provider, server: url.origin, hostHasSecret: url.pathname.replace(/\/+$/, '') !== '', ...(tunnel.subdomain ? { subdomain: tunnel.subdomain } : {}) };
}

/** Applies a settings change from the UI; secrets left empty keep their value. */
export function applySettingsUpdate(engine: Engine, update: ApiArgs<'settings.update'>): MaskedSettings {
  if (update.notifications !== undefined) throw new HooktrayError('invalid_request', 'Notifications are shown by the desktop app only; hooktray serve tells you in its log and the dashboard.');
  const current = engine.currentSettings;
  const next: Settings = structuredClone(current);
  if (update.smtp) {
    const { password, user, ...rest } = update.smtp;
    next.smtp = { ...rest, ...(user ? { user } : {}), ...(password ? { password } : current.smtp?.password ? { password: current.smtp.password } : {}) };
  }
  const sources = next.sources as Record<string, Record<string, unknown> | undefined>;
  for (const [id, values] of Object.entries(update.sources ?? {}) as [SourceId, Record<string, string | null>][]) {
    setOrDrop(sources, id, bothOrNeither(id, sources[id], mergeValues(sources[id], values)));
  }
  for (const [id, change] of Object.entries(update.api ?? {}) as [CatchUpSourceId, Record<string, string | null | undefined> | null | undefined][]) {
    if (change === undefined) continue;
    const source = { ...sources[id] };
    // null is "Disconnect": every credential goes, apiBaseUrl included.
    const api = change === null ? {} : mergeValues(source.api as Record<string, unknown> | undefined, Object.fromEntries(Object.entries(change).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])));
    setOrDrop(source, 'api', api);
    setOrDrop(sources, id, source);
  }
  if (update.tunnel) {
    const { provider, host, subdomain } = update.tunnel;
    next.tunnel = { provider, host: host || current.tunnel.host, ...(subdomain ? { subdomain } : subdomain === '' ? {} : current.tunnel.subdomain ? { subdomain: current.tunnel.subdomain } : {}) };
  }
  return maskSettings(save(engine, next), engine.options.dataDir, engine.options.settings.location, engine.options.logFile);
}

const CATCH_UP_SOURCES: readonly CatchUpSourceId[] = ['shopify', 'woocommerce', 'stripe', 'clinchpad'];

/** A change from the window on stored values: "" keeps a secret (and removes any other value), null removes, undefined leaves alone. */
function mergeValues(stored: Record<string, unknown> | undefined, change: Record<string, string | null | undefined>): Record<string, unknown> {
  const merged = { ...stored };
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined || (value === '' && SECRET_KEYS.has(key))) continue;
    if (value === null || value === '') delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** Values that work only together: the generic source checks a signature with a header and a secret, both or neither. */
const PAIRS: Partial<Record<SourceId, readonly [string, string]>> = { generic: ['signatureHeader', 'secret'] };

/**
 * Removing one of a pair removes the other: a header without its secret would refuse every
 * delivery, a secret without its header is a settings error. Setting one alone still is one.
 */
function bothOrNeither(id: SourceId, before: Record<string, unknown> | undefined, after: Record<string, unknown>): Record<string, unknown> {
  const pair = PAIRS[id];
  if (!pair) return after;
  const removed = pair.some((key) => before?.[key] !== undefined && after[key] === undefined);
  if (!removed) return after;
  const out = { ...after };
  for (const key of pair) delete out[key];
  return out;
}

/** Sets a settings object, or removes it when nothing is left in it (the file keeps no empty {}). */
function setOrDrop(parent: Record<string, unknown>, key: string, value: Record<string, unknown>): void {
  if (Object.keys(value).length) parent[key] = value;
  else delete parent[key];
}

/** Saves settings, turning a validation failure into an error the UI can show. */
export function save(engine: Engine, next: unknown): Settings {
  try {
    return engine.updateSettings(next);
  } catch (error) {
    if (error instanceof SettingsError) throw new HooktrayError('invalid_request', error.problems.join('; '));
    throw error;
  }
}
