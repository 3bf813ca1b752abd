import { describeIssues } from '../../../shared/config.ts';
import type { ApiHandlers } from '../../../shared/contract.ts';
import { HooktrayError } from '../../../shared/errors.ts';
import type { ActionServices } from '../actions/action.ts';
import { ACTIONS } from '../actions/index.ts';
import { toActionError } from '../actions/errors.ts';
import { composeRecipe, recipeBuilder } from '../recipes/build-your-own.ts';
import { findRecipe } from '../recipes/catalog.ts';
import { sampleDelivery } from '../recipes/sample-events.ts';
import { JsonTemplateError } from '../templates/json-template.ts';
import { isJsonTemplate, templateContext, TemplateRenderer } from '../templates/renderer.ts';
import { instanceId } from '../../../shared/recipes.ts';
import type { EngineCore as Engine } from './engine-core.ts';
import { checkRecipeSecretDestination, keepSecrets } from './recipe-secrets.ts';

type BuilderHandlers = Pick<ApiHandlers, 'recipes.builder' | 'recipes.compose' | 'recipes.choices' | 'recipes.preview'>;

/** How long the window waits for a destination's list of choices. */
const CHOICES_TIMEOUT_MS = 20_000;

/** Build your own, and the wizard's helpers: choices fetched from the destination, and templates previewed for the sample event. */
export function recipeBuilderApi(engine: Engine): BuilderHandlers {
  const renderer = new TemplateRenderer();
  const definition = (id: string) => {
    const found = findRecipe(id);
    if (!found) throw new HooktrayError('not_found', `There is no recipe "${id}".`);
    return found;
  };
  return {
    async 'recipes.builder'() {
      return recipeBuilder();
    },
    async 'recipes.compose'({ source, kind, action }) {
      const made = composeRecipe(source, kind, action);
      if ('refusal' in made) throw new HooktrayError('invalid_request', `This pair cannot work: ${made.refusal}.`);
      return made.recipe;
    },
    async 'recipes.choices'({ recipe, id, field, settings }) {
      const found = definition(recipe);
      const action = ACTIONS.get(found.action);
      if (!action?.choices) throw new HooktrayError('invalid_request', `"${found.title}" has nothing to pick from.`);
      const stored = engine.currentSettings.recipes.find((r) => instanceId(r) === instanceId({ id, recipe }))?.settings;
      checkRecipeSecretDestination(recipe, settings, stored);
      const filled = { ...found.defaults, ...keepSecrets(recipe, settings, stored) };
      try {
        // Looking up choices sends nothing and remembers nothing: the network is all it needs.
        const services = { fetch: engine.options.services?.fetch ?? globalThis.fetch, logger: engine.options.logger } as ActionServices;
        return await action.choices(field, filled, { services, signal: AbortSignal.timeout(CHOICES_TIMEOUT_MS) });
      } catch (error) {
        const issues = (error as { issues?: Parameters<typeof describeIssues>[0] }).issues;
        if (issues) throw new HooktrayError('invalid_request', `Fill in first: ${describeIssues(issues)}`);
        throw new HooktrayError('invalid_request', toActionError(error).message);
      }
    },
    async 'recipes.preview'({ recipe, name, template }) {
      const found = definition(recipe);
      const context = templateContext(sampleDelivery(found).event, { id: found.id, title: found.title }, true);
      try {
        if (isJsonTemplate(name)) return { text: JSON.stringify(JSON.parse(renderer.renderJson(template, context)), null, 2) };
        return { text: await renderer.render(name, template, context, ACTIONS.get(found.action)?.templateValue) };
      } catch (error) {
        if (error instanceof JsonTemplateError) return { error: error.message, ...(error.line !== undefined ? { line: error.line } : {}) };
        return { error: (error as Error).message };
      }
    },
  };
}
