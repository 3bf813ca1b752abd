import { describeIssues, type RecipeInstanceSettings } from '../../../shared/config.ts';
import type { HooktrayEvent } from '../../../shared/events.ts';
import type { SourceId } from '../../../shared/sources.ts';
import { instanceId, type RecipeDefinition, type RecipeInstance } from '../../../shared/recipes.ts';
import type { ActionDefinition } from '../actions/action.ts';
import { isJsonTemplate, templateContext, TemplateRenderer } from '../templates/renderer.ts';
import { sampleDelivery } from './sample-events.ts';
import { compileFilter, type EventFilter } from './recipe-filter.ts';

export interface ResolvedRecipe {
  id: string;
  enabled: boolean;
  definition: RecipeDefinition;
  action: ActionDefinition<unknown>;
  /** Validated by the action's schema, defaults filled in. */
  settings: unknown;
  templates: Record<string, string>;
  /** The owner's conditions on the event (passes everything when there are none). */
  filter: EventFilter;
  raw: RecipeInstanceSettings;
}

/** How RecipeSet finds a recipe by id (prebuilt or made with Build your own), and says why an id names none. */
export interface RecipeLookup {
  find(id: string): RecipeDefinition | undefined;
  whyNot(id: string): string;
}

/**
 * The owner's templates that would fail: each must parse, and a JSON body must render to valid
 * JSON for the trigger's sample event (json-template.ts), or saving it would only fail later,
 * on every real event. "body_json: line 3: …".
 */
export function checkTemplates(renderer: TemplateRenderer, definition: RecipeDefinition, own: Record<string, string>): string[] {
  const problems: string[] = [];
  let context: Record<string, unknown> | undefined;
  for (const [name, template] of Object.entries(own)) {
    try {
      if (isJsonTemplate(name))
        renderer.renderJson(template, (context ??= templateContext(sampleDelivery(definition).event, { id: definition.id, title: definition.title }, true)));
      else renderer.check(template);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  return problems;
}

export class RecipeSettingsError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'RecipeSettingsError';
    this.problems = problems;
  }
}

/**
 * The owner's recipes, checked against the catalog and each action's settings schema, and the
 * matching of events to them. Built whole from settings; replaced whole when settings change.
 */
export class RecipeSet {
  private readonly byId: Map<string, ResolvedRecipe>;

  private constructor(recipes: ResolvedRecipe[]) {
    this.byId = new Map(recipes.map((r) => [r.id, r]));
  }

  static resolve(
    instances: readonly RecipeInstanceSettings[],
    catalog: readonly RecipeDefinition[] | RecipeLookup,
    actions: ReadonlyMap<string, ActionDefinition<unknown>>,
  ): RecipeSet {
    const lookup: RecipeLookup = Array.isArray(catalog)
      ? { find: (id) => catalog.find((r) => r.id === id), whyNot: (id) => `unknown recipe "${id}"; known recipes: ${catalog.map((r) => r.id).join(', ')}` }
      : (catalog as RecipeLookup);
    const problems: string[] = [];
    const resolved: ResolvedRecipe[] = [];
    const seen = new Set<string>();
    const templates = new TemplateRenderer();
    instances.forEach((instance, i) => {
      const where = `recipes[${i}]`;
      const definition = lookup.find(instance.recipe);
      if (!definition) {
        problems.push(`${where}.recipe: ${lookup.whyNot(instance.recipe)}`);
        return;
      }
      const id = instanceId(instance);
      if (seen.has(id)) {
        problems.push(`${where}.id: "${id}" is used twice; give the second one its own "id"`);
        return;
      }
      seen.add(id);
      const action = actions.get(definition.action);
      if (!action) {
        problems.push(`${where}.recipe: "${instance.recipe}" needs the "${definition.action}" action, which this version does not have`);
        return;
      }
      const settings = action.settings.safeParse({ ...definition.defaults, ...instance.settings });
      if (!settings.success) {
        problems.push(describeIssues(settings.error.issues, `${where}.settings`));
        return;
      }
      const merged = { ...definition.templates, ...instance.templates };
      problems.push(...checkTemplates(templates, definition, instance.templates ?? {}).map((p) => `${where}.templates.${p}`));
      resolved.push({
        id,
        enabled: instance.enabled,
        definition,
        action,
        settings: settings.data,
        templates: merged,
        filter: compileFilter(instance.filter),
        raw: instance,
      });
    });
    if (problems.length) throw new RecipeSettingsError(problems);
    return new RecipeSet(resolved);
  }

  get(id: string): ResolvedRecipe | undefined {
    return this.byId.get(id);
  }

  /** Ids of the enabled recipes this event triggers and whose filter it passes. */
  match(event: HooktrayEvent): string[] {
    const ids: string[] = [];
    for (const recipe of this.byId.values()) {
      if (recipe.enabled && triggers(recipe.definition, event) && recipe.filter(event)) ids.push(recipe.id);
    }
    return ids;
  }

  /** The event types the enabled recipes want from this platform (recipes on "any" platform included unless told not to). */
  wantedEvents(source: SourceId, options: { anyPlatform?: boolean } = {}): Set<string> {
    const wanted = new Set<string>();
    const anyPlatform = options.anyPlatform ?? true;
    for (const recipe of this.byId.values()) {
      const trigger = recipe.definition.trigger;
      if (recipe.enabled && (trigger.source === source || (anyPlatform && trigger.source === 'any'))) for (const event of trigger.events) wanted.add(event);
    }
    return wanted;
  }

  list(): RecipeInstance[] {
    return [...this.byId.values()].map((r) => ({
      id: r.id,
      recipe: r.definition.id,
      title: r.definition.title,
      enabled: r.enabled,
      settings: r.raw.settings,
      ...(r.raw.templates ? { templates: r.raw.templates } : {}),
      ...(r.raw.filter ? { filter: r.raw.filter } : {}),
    }));
  }
}

export function triggers(definition: RecipeDefinition, event: HooktrayEvent): boolean {
  const { source, events } = definition.trigger;
  if (source !== 'any' && source !== event.source) return false;
  return events.includes('*') || events.includes(event.type) || events.includes(event.platformEvent);
}
