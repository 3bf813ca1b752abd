import type { RecipeInstance } from '../../../shared/recipes.ts';
import { findRecipe } from '../recipes/catalog.ts';
import { recipeSecretKeys as secretKeys } from '../settings/secret-keys.ts';
import { checkSecretDestination } from './secret-destinations.ts';

/** Recipes as the window sees them: a secret is only `true` (set), never its value. */
export function maskRecipes(list: RecipeInstance[]): RecipeInstance[] {
  return list.map((r) => {
    const secrets = secretKeys(r.recipe);
    if (!secrets.length) return r;
    const settings = Object.fromEntries(Object.entries(r.settings).map(([k, v]) => [k, secrets.includes(k) && v ? true : v]));
    return { ...r, settings };
  });
}

/** A secret the window sends back empty (or as the mask `true`) keeps its stored value. */
export function keepSecrets(recipeId: string, incoming: Record<string, unknown>, stored: Record<string, unknown> | undefined): Record<string, unknown> {
  const out = { ...incoming };
  for (const key of secretKeys(recipeId)) {
    if ((out[key] === undefined || out[key] === '' || out[key] === true) && stored?.[key] !== undefined) out[key] = stored[key];
    else if (out[key] === true) delete out[key];
  }
  return out;
}

/** "API key (optional)" → "the API key", as a sentence names a field. */
const named = (label: string) => `the ${label.replace(/\s*\(.*\)$/, '').replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase())}`;

/**
 * A saved recipe secret goes only where it was saved for (as secret-destinations.ts does for
 * settings): changing an address it is sent to (an API's address, a Salesforce domain, a proxy)
 * without typing the secret again is refused. `incoming` is as the window sent it, before keepSecrets.
 */
export function checkRecipeSecretDestination(recipeId: string, incoming: Record<string, unknown>, stored: Record<string, unknown> | undefined): void {
  const definition = findRecipe(recipeId);
  if (!definition || !stored) return;
  const secrets = definition.fields.filter((f) => f.kind === 'secret');
  if (!secrets.length) return;
  const where = {
    ...Object.fromEntries(definition.fields.filter((f) => f.kind === 'url').map((f) => [f.key, named(f.label)])),
    baseUrl: 'the API address (baseUrl)',
  };
  const after = keepSecrets(recipeId, incoming, stored);
  const retyped = (key: string) => typeof incoming[key] === 'string' && incoming[key] !== '';
  checkSecretDestination({ secrets: Object.fromEntries(secrets.map((f) => [f.key, named(f.label)])), where }, stored, after, retyped);
}
