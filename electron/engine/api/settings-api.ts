import type { Settings } from '../../../shared/config.ts';
import type { ApiArgs, MaskedSettings } from '../../../shared/contract.ts';
import { HooktrayError } from '../../../shared/errors.ts';
import type { SourceId } from '../../../shared/sources.ts';
import type { Engine } from '../engine.ts';
import { SOURCE_SECRET_KEYS as SECRET_KEYS } from '../settings/secret-keys.ts';
import { SettingsError } from '../settings/settings-store.ts';

export function maskSettings(settings: Settings, dataDir: string, settingsFile: string): MaskedSettings {
  const sources: MaskedSettings['sources'] = {};
  for (const [id, values] of Object.entries(settings.sources) as [SourceId, Record<string, unknown> | undefined][]) {
    if (!values) continue;
    const masked: Record<string, string | boolean> = {};
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === 'string') masked[key] = SECRET_KEYS.has(key) ? value.length > 0 : value;
      if (key === 'api' && value && typeof value === 'object') masked.apiConnected = Object.keys(value).length > 0;
    }
    sources[id] = masked;
  }
  const { smtp } = settings;
  return {
    ...(smtp ? { smtp: { host: smtp.host, port: smtp.port, secure: smtp.secure, ...(smtp.user ? { user: smtp.user } : {}), from: smtp.from, passwordSet: Boolean(smtp.password) } } : {}),
    sources,
    paused: settings.paused,
    tunnel: maskTunnel(settings.tunnel),
    dataDir,
    // A settings file keeps secrets as typed; the desktop host replaces this with its key store's answer.
    computer: { secrets: 'plain', settingsFile, notifications: null },
  };
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
  for (const [id, values] of Object.entries(update.sources ?? {}) as [SourceId, Record<string, string>][]) {
    const merged: Record<string, unknown> = { ...(next.sources[id] as Record<string, unknown> | undefined) };
    for (const [key, value] of Object.entries(values)) {
      if (value === '' && SECRET_KEYS.has(key)) continue;
      if (value === '') delete merged[key];
      else merged[key] = value;
    }
    (next.sources as Record<string, unknown>)[id] = merged;
  }
  if (update.tunnel) {
    const { provider, host, subdomain } = update.tunnel;
    next.tunnel = { provider, host: host || current.tunnel.host, ...(subdomain ? { subdomain } : subdomain === '' ? {} : current.tunnel.subdomain ? { subdomain: current.tunnel.subdomain } : {}) };
  }
  return maskSettings(save(engine, next), engine.options.dataDir, engine.options.settings.location);
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
