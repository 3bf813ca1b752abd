import type { Settings } from '../../../shared/config.ts';
import { CATALOG } from '../recipes/catalog.ts';

/** Keys under sources.<id> (and sources.<id>.api) whose values are secrets. */
export const SOURCE_SECRET_KEYS: ReadonlySet<string> = new Set(['secret', 'handshakeKey', 'clientSecret', 'accessToken', 'consumerSecret', 'secretKey', 'apiKey']);

/** The settings keys a catalog recipe marks as secret (API tokens, signing secrets). */
export function recipeSecretKeys(recipeId: string): string[] {
  return CATALOG.find((c) => c.id === recipeId)?.fields.filter((f) => f.kind === 'secret').map((f) => f.key) ?? [];
}

/**
 * Every secret in a settings object, by path ("smtp.password", "sources.shopify.secret",
 * "recipes.2.settings.token", "tunnel.host",
 * "tunnel.nameKeys.<server>/<name>"): what the desktop app encrypts at rest and the
 * window never sees. The tunnel host is included because a relay secret lives in its path.
 */
export function secretPaths(settings: Settings): string[][] {
  const paths: string[][] = [];
  if (settings.smtp?.password) paths.push(['smtp', 'password']);
  for (const [id, values] of Object.entries(settings.sources) as [string, Record<string, unknown> | undefined][]) {
    for (const [key, value] of Object.entries(values ?? {})) {
      if (typeof value === 'string' && SOURCE_SECRET_KEYS.has(key)) paths.push(['sources', id, key]);
      if (key === 'api' && value && typeof value === 'object')
        for (const [apiKey, apiValue] of Object.entries(value)) if (typeof apiValue === 'string' && SOURCE_SECRET_KEYS.has(apiKey)) paths.push(['sources', id, 'api', apiKey]);
    }
  }
  settings.recipes.forEach((r, i) => {
    for (const key of recipeSecretKeys(r.recipe)) if (typeof r.settings[key] === 'string') paths.push(['recipes', String(i), 'settings', key]);
  });
  if (new URL(settings.tunnel.host).pathname.replace(/\/+$/, '')) paths.push(['tunnel', 'host']);
  for (const key of Object.keys(settings.tunnel.nameKeys ?? {})) paths.push(['tunnel', 'nameKeys', key]);
  return paths;
}
