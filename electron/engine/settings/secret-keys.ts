import type { Settings } from '../../../shared/config.ts';
import { secretFieldPaths } from '../../../shared/sources.ts';
import { isSourceId, type SourceId } from '../../../shared/sources.ts';
import { findRecipe } from '../recipes/catalog.ts';

/** Whether sources.<id>.<key> (or, under `api`, sources.<id>.api.<key>) holds a secret, by the platform's description. */
export function isSourceSecret(id: SourceId, key: string, under?: 'api'): boolean {
  return secretFieldPaths(id).some((path) => path.join('.') === (under ? `${under}.${key}` : key));
}

/** The settings keys a recipe (prebuilt or made with Build your own) marks as secret (API tokens, signing secrets). */
export function recipeSecretKeys(recipeId: string): string[] {
  return (
    findRecipe(recipeId)
      ?.fields.filter((f) => f.kind === 'secret')
      .map((f) => f.key) ?? []
  );
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
  for (const [id, values] of Object.entries(settings.sources)) {
    if (!isSourceId(id) || !values) continue;
    for (const path of secretFieldPaths(id)) {
      const value = path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), values);
      if (typeof value === 'string') paths.push(['sources', id, ...path]);
    }
  }
  settings.recipes.forEach((r, i) => {
    for (const key of recipeSecretKeys(r.recipe)) if (typeof r.settings[key] === 'string') paths.push(['recipes', String(i), 'settings', key]);
  });
  if (new URL(settings.tunnel.host).pathname.replace(/\/+$/, '')) paths.push(['tunnel', 'host']);
  for (const key of Object.keys(settings.tunnel.nameKeys ?? {})) paths.push(['tunnel', 'nameKeys', key]);
  return paths;
}
