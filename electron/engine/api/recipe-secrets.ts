import type { RecipeInstance } from '../../../shared/recipes.ts';
import { recipeSecretKeys as secretKeys } from '../settings/secret-keys.ts';

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
