import type { Settings } from '../../../shared/config.ts';
import { HooktrayError } from '../../../shared/errors.ts';
import { findRecipe } from '../recipes/catalog.ts';

/**
 * A recipe that sends email cannot be switched on while no mail server is set up: every run
 * would fail. Switching it off, or saving it off (the wizard's test), is always allowed.
 */
export function refuseEmailWithoutServer(recipe: string, enabled: boolean, settings: Settings): void {
  if (!enabled || settings.smtp) return;
  const definition = findRecipe(recipe);
  if (definition?.action !== 'email') return;
  throw new HooktrayError(
    'conflict',
    `“${definition.title}” sends email, and no mail server is set up yet: set it up in Settings → Email (your email address and its password), then switch the recipe on.`,
    [{ field: 'smtp', message: 'No mail server is set up yet: set it up in Settings → Email.' }],
  );
}
