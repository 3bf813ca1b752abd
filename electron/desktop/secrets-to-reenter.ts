import type { Settings } from '../../shared/config.ts';
import type { SecretToReenter } from '../../shared/contract.ts';
import { fieldWords, isSourceId, platformFields, platformTitle } from '../../shared/sources.ts';
import { CATALOG } from '../engine/recipes/catalog.ts';
import type { UnreadableSecrets } from './sealed-settings.ts';

/** What a platform's value under sources.<id> (or .api) is called in Settings, from its description. */
function fieldName(id: string, path: string[]): string {
  const field = isSourceId(id) ? platformFields(id).find((f) => f.path.join('.') === path.join('.'))?.field : undefined;
  return field ? fieldWords(field) : path.join('.');
}

/**
 * The secrets the key store could not decrypt that are still not typed in again, each with its
 * place in the settings (recipes by their id, which survives reordering) and, in words, what it is
 * and where to enter it: what Home and Settings show.
 */
export function secretsToReenter(settings: Settings, unreadable: UnreadableSecrets): SecretToReenter[] {
  return unreadable.pathsIn(settings).map((path) => describe(path, settings));
}

function describe(path: string[], settings: Settings): SecretToReenter {
  const [top, a = '', b = '', c = ''] = path;
  if (top === 'smtp') return { path: 'smtp.password', label: 'the email password (Settings → Email)' };
  if (top === 'tunnel') return { path: 'tunnel.host', label: 'the address of your own tunnel server (Settings → Public address)' };
  if (top === 'sources') {
    const title = platformTitle(a);
    if (b === 'api')
      return { path: `sources.${a}.api.${c}`, label: `the ${title} ${fieldName(a, ['api', c])} for catching up on missed orders (Settings → Platforms)` };
    return { path: `sources.${a}.${b}`, label: `the ${title} ${fieldName(a, [b])} (Settings → Platforms)` };
  }
  const recipe = settings.recipes[Number(a)];
  const definition = CATALOG.find((d) => d.id === recipe?.recipe);
  const field = definition?.fields.find((f) => f.key === c)?.label ?? c;
  return {
    path: `recipes.${recipe?.id ?? recipe?.recipe ?? a}.settings.${c}`,
    label: `the ${field} of the recipe “${definition?.title ?? recipe?.recipe ?? a}” (Recipes)`,
  };
}
