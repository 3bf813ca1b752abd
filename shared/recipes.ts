import type { SourceId } from './sources.ts';

/** A field the owner fills in when turning a recipe on. */
export interface RecipeField {
  key: string;
  label: string;
  kind: 'emails' | 'text' | 'url' | 'secret' | 'path' | 'select' | 'columns';
  required: boolean;
  help?: string;
  placeholder?: string;
  options?: string[];
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
}

/** A recipe the owner turned on (or off), as the engine reports it. */
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
