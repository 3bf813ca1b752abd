import type { RecipeInstanceSettings, Settings } from '../../../shared/config.ts';
import type { ApiHandlers, RecipeDraft } from '../../../shared/contract.ts';
import { HooktrayError } from '../../../shared/errors.ts';
import { instanceId } from '../../../shared/recipes.ts';
import type { Run } from '../../../shared/runs.ts';
import type { ResolvedRecipe } from '../recipes/recipe-set.ts';
import { sampleDelivery } from '../recipes/sample-events.ts';
import type { EngineCore as Engine } from './engine-core.ts';
import { refuseEmailWithoutServer } from './mail-needed.ts';
import { checkRecipeSecretDestination, keepSecrets, maskRecipes } from './recipe-secrets.ts';
import { check, save } from './settings-api.ts';
import { checkSpreadsheetFile } from './spreadsheet-path.ts';

type EditHandlers = Pick<ApiHandlers, 'recipes.save' | 'recipes.sendTest'>;

/**
 * The wizard's two ways out of its form: Save stores it; Send test event runs it, saved (`id`)
 * or as edited (`draft`), and an edited one is checked exactly as Save would check it, then
 * kept in memory for its test only. Cancel therefore leaves the saved recipe as it was.
 */
export function recipeEditApi(engine: Engine): EditHandlers {
  return {
    async 'recipes.save'({ enabled, ...draft }) {
      save(engine, withRecipe(engine.currentSettings, draft, enabled).settings);
      return maskRecipes(engine.currentRecipes.list());
    },
    async 'recipes.sendTest'({ id, draft }) {
      if (draft) {
        const current = engine.currentSettings;
        const stored = current.recipes.find((r) => instanceId(r) === instanceId(draft));
        // Switched on or off as saved: a test never needs the mail server check that switching on does.
        const edited = withRecipe(current, draft, stored?.enabled ?? false);
        const recipe = check(engine, edited.settings).recipes.get(edited.id)!;
        return sendTest(engine, recipe, engine.drafts.add(recipe));
      }
      if (id === undefined) throw new HooktrayError('invalid_request', 'Say which recipe to test: the id of a saved one, or the form as edited (draft).');
      const recipe = engine.currentRecipes.get(id);
      if (!recipe) throw new HooktrayError('not_found', `There is no recipe "${id}": turn it on in Recipes first.`);
      return sendTest(engine, recipe);
    },
  };
}

/**
 * The settings with this recipe added or changed, as Save makes them: secrets sent empty or
 * masked keep the saved ones, a filter left out keeps the saved one, and the checks that need
 * the saved recipe (where its secrets may go, a mail server to switch on, the spreadsheet's folder).
 */
function withRecipe(current: Settings, draft: RecipeDraft, enabled: boolean): { settings: Settings; id: string } {
  const { recipe, id, settings, templates, filter } = draft;
  const saving = instanceId({ id, recipe });
  const stored = current.recipes.find((r) => instanceId(r) === saving);
  // A filter sent replaces the stored one ([] removes it); a save without one (an older import) keeps it.
  const conditions = filter ?? stored?.filter;
  checkRecipeSecretDestination(recipe, settings, stored?.settings);
  // Re-saving one that is already on (a changed address) stays allowed; switching one on needs a mail server.
  refuseEmailWithoutServer(recipe, enabled && !stored?.enabled, current);
  checkSpreadsheetFile(recipe, settings);
  const entry: RecipeInstanceSettings = {
    recipe,
    ...(id && id !== recipe ? { id } : {}),
    enabled,
    settings: keepSecrets(recipe, settings, stored?.settings),
    ...(templates ? { templates } : {}),
    ...(conditions?.length ? { filter: conditions } : {}),
  };
  const recipes = stored ? current.recipes.map((r) => (instanceId(r) === saving ? entry : r)) : [...current.recipes, entry];
  return { settings: { ...current, recipes }, id: saving };
}

/** Stores a sample of the recipe's trigger as a test delivery that runs only this recipe (the edited one, for a draft). */
async function sendTest(engine: Engine, recipe: ResolvedRecipe, draft?: string): Promise<Run> {
  const sample = sampleDelivery(recipe.definition);
  const live = engine.state;
  const { runIds } = await live.inbox.accept({
    source: sample.source,
    platformEvent: sample.platformEvent,
    origin: 'test',
    receivedAt: Date.now(),
    headers: { 'content-type': 'application/json' },
    body: sample.body,
    events: [sample.event],
    testRecipe: recipe.id,
    ...(draft !== undefined ? { testDraft: draft } : {}),
  });
  const run = runIds[0] !== undefined ? live.runs.get(runIds[0]) : undefined;
  if (!run) throw new HooktrayError('internal', 'The test event could not be stored; try again.');
  return run;
}
