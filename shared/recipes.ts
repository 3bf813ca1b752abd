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
}
