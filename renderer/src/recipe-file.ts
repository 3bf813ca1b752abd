import type { RecipeFilterCondition, RecipeInstance } from '../../shared/recipes.ts';

/** The export file: recipes and their settings, without secrets (the engine only ever sends them masked). */
export interface RecipeFile {
  hooktray: 'recipes';
  version: 1;
  recipes: {
    recipe: string;
    id: string;
    enabled: boolean;
    settings: Record<string, unknown>;
    templates?: Record<string, string>;
    filter?: RecipeFilterCondition[];
  }[];
}

export function toRecipeFile(mine: RecipeInstance[]): string {
  const recipes = mine.map((r) => ({
    recipe: r.recipe,
    id: r.id,
    enabled: r.enabled,
    // A masked secret is `true`: leave it out, the owner enters it again.
    settings: Object.fromEntries(Object.entries(r.settings).filter(([, v]) => v !== true)),
    ...(r.templates ? { templates: r.templates } : {}),
    ...(r.filter?.length ? { filter: r.filter } : {}),
  }));
  return `${JSON.stringify({ hooktray: 'recipes', version: 1, recipes } satisfies RecipeFile, null, 2)}\n`;
}

/** Reads an export file, or says in words why it is not one. */
export function parseRecipeFile(text: string): RecipeFile['recipes'] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('This file is not a Hooktray recipes export (it is not JSON).');
  }
  const file = data as Partial<RecipeFile>;
  if (file?.hooktray !== 'recipes' || !Array.isArray(file.recipes))
    throw new Error('This file is not a Hooktray recipes export: choose the file made by "Export recipes".');
  if (file.version !== 1) throw new Error(`This export is from a newer Hooktray (format ${String(file.version)}); update Hooktray first.`);
  return file.recipes.filter((r) => typeof r?.recipe === 'string' && typeof r.settings === 'object' && r.settings !== null);
}
