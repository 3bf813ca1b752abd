import type { SourceId } from './sources.ts';

/**
 * A field the owner fills in when turning a recipe on. Most are settings; a `template` field is
 * one of the recipe's templates (templates[key]), edited with a live preview. `lines` is text of
 * several lines (headers, one per line).
 */
export interface RecipeField {
  key: string;
  label: string;
  kind: 'emails' | 'text' | 'url' | 'secret' | 'path' | 'select' | 'columns' | 'lines' | 'template';
  required: boolean;
  help?: string;
  placeholder?: string;
  options?: string[];
  /** The words shown for each option, where the value itself is not for people ("double" → "Ask them to confirm by email first"). */
  optionLabels?: Record<string, string>;
  /** Its choices can be fetched from the destination (recipes.choices) once these fields are filled in (an audience, a board, a project). */
  lookup?: { needs: string[] };
}

/** What happens, as Build your own offers it: a platform (or any) and a kind of event ("*": anything it sends). */
export interface RecipeBuilt {
  source: SourceId | 'any';
  kind: string;
  action: string;
}

export interface RecipeTrigger {
  /** 'any' = every source that produces one of the events. */
  source: SourceId | 'any';
  /** Common event types ("order.created"), a platform's own names ("lead:won"), or "*" for all. */
  events: string[];
}

/**
 * Operators of a recipe filter condition. Text comparisons ignore case; `>=`, `<=`, `>`, `<`
 * compare numbers (a decimal string such as "49.90" counts as one); `exists`/`missing` take no value.
 */
export const FILTER_OPS = ['equals', 'not-equals', 'contains', '>=', '<=', '>', '<', 'exists', 'missing'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
/** The operators that compare numbers. */
export const NUMERIC_FILTER_OPS: readonly FilterOp[] = ['>=', '<=', '>', '<'];
/** Whether a condition with this operator carries a value to compare with. */
export const filterOpTakesValue = (op: FilterOp): boolean => op !== 'exists' && op !== 'missing';

/** Where a filter field may start: the same names templates use ({{ order.total }}). */
export const FILTER_ROOTS = ['order', 'person', 'customer', 'ticket', 'form', 'event', 'summary', 'link', 'source'] as const;

/** One condition on an event field, e.g. { field: "order.total", op: ">=", value: 100 }. */
export interface RecipeFilterCondition {
  /** Dotted path from a template name: "order.total", "event.data.lead.pipe.name", "event.data.line_items[0].sku". */
  field: string;
  op: FilterOp;
  value?: string | number | boolean;
}

/** A prebuilt recipe, as data: the gallery shows it, the engine runs it. */
export interface RecipeDefinition {
  id: string;
  title: string;
  description: string;
  trigger: RecipeTrigger;
  /** Action id, e.g. "email", "hubspot". */
  action: string;
  /** Default Liquid templates by name ("subject", "text", "html", …); the owner may override them. */
  templates: Record<string, string>;
  fields: RecipeField[];
  /** Settings this recipe starts with (a preset's choice, e.g. a Salesforce lead rather than a contact); the owner's win. */
  defaults?: Record<string, unknown>;
  /** Made with Build your own (or a preset of it): the trigger and action it was made of. */
  built?: RecipeBuilt;
}

/** Build your own's choices: what can happen, and what can be done with each kind of event. */
export interface RecipeBuilder {
  triggers: { source: SourceId | 'any'; title: string; kinds: { kind: string; label: string }[] }[];
  actions: { action: string; title: string; help: string; kinds: string[] }[];
}

/** A recipe the owner turned on (or off), as the engine reports it. */
/** A recipe instance's id: its own when set (the same recipe twice), else its catalog id. */
export function instanceId(entry: { id?: string | undefined; recipe: string }): string {
  return entry.id ?? entry.recipe;
}

export interface RecipeInstance {
  id: string;
  recipe: string;
  title: string;
  enabled: boolean;
  settings: Record<string, unknown>;
  templates?: Record<string, string>;
  /** The owner's conditions on the event; all must hold for the recipe to run. */
  filter?: RecipeFilterCondition[];
}
