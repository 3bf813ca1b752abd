import { randomUUID } from 'node:crypto';
import type { ResolvedRecipe } from './recipe-set.ts';

/** How many edited forms are kept for their tests (a retry of one of them still finds it). */
const KEEP = 20;

/**
 * Recipes as the wizard's form has them, tested before (or without) Save: held in memory only,
 * the newest few, by an id the test run records. Nothing here reaches the settings file; after
 * a restart they are gone, and a test run that needs one fails saying so.
 */
export class DraftRecipes {
  private readonly byId = new Map<string, ResolvedRecipe>();

  /** Keeps an edited recipe for its test run; returns the id the run records. */
  add(recipe: ResolvedRecipe): string {
    const id = randomUUID();
    this.byId.set(id, recipe);
    // A Map keeps insertion order: the first key is the oldest.
    for (const oldest of this.byId.keys()) {
      if (this.byId.size <= KEEP) break;
      this.byId.delete(oldest);
    }
    return id;
  }

  get(id: string): ResolvedRecipe | undefined {
    return this.byId.get(id);
  }
}

/** Why a test of unsaved changes cannot run: they were only ever in memory. */
export const DRAFT_GONE =
  'This test was of changes to the recipe that were not saved, and Hooktray has restarted since: open the recipe and send the test again.';
