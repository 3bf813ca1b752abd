import type { HooktrayEvent } from '../../../shared/events.ts';
import type { RecipeFilterCondition } from '../../../shared/recipes.ts';

/** Decides whether an event passes a recipe's filter; built once per settings change. */
export type EventFilter = (event: HooktrayEvent) => boolean;

/**
 * Compiles the owner's conditions (already validated by the settings schema) into one check:
 * every condition must hold. Field paths start at the names templates use (order, person,
 * customer, ticket, form, event, summary, link, source), so `order.total` means what `{{ order.total }}` shows.
 * Runs on the delivery path, so paths are split once here, not per event.
 */
export function compileFilter(conditions: readonly RecipeFilterCondition[] | undefined): EventFilter {
  if (!conditions?.length) return () => true;
  const checks = conditions.map((c) => {
    const path = c.field.replace(/\[(\d+)\]/g, '.$1').split('.');
    return (root: Record<string, unknown>) => holds(c, lookup(root, path));
  });
  return (event) => {
    const root = rootOf(event);
    return checks.every((check) => check(root));
  };
}

function rootOf(event: HooktrayEvent): Record<string, unknown> {
  return {
    event,
    order: event.order,
    person: event.person,
    customer: event.person,
    ticket: event.ticket,
    form: event.form,
    summary: event.summary,
    link: event.link,
    source: event.source,
  };
}

function lookup(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function holds(condition: RecipeFilterCondition, actual: unknown): boolean {
  const { op, value } = condition;
  switch (op) {
    case 'exists':
      return present(actual);
    case 'missing':
      return !present(actual);
    case 'equals':
      return anyOf(actual, (v) => same(v, value));
    case 'not-equals':
      return !anyOf(actual, (v) => same(v, value));
    case 'contains': {
      const needle = String(value).toLowerCase();
      return anyOf(actual, (v) => text(v)?.toLowerCase().includes(needle) ?? false);
    }
    default: {
      const limit = Number(value);
      return anyOf(actual, (v) => {
        const n = numberOf(v);
        if (n === undefined) return false;
        return op === '>=' ? n >= limit : op === '<=' ? n <= limit : op === '>' ? n > limit : n < limit;
      });
    }
  }
}

/** A list field (tags, line items' titles) holds when one of its entries does. */
function anyOf(actual: unknown, test: (value: unknown) => boolean): boolean {
  return Array.isArray(actual) ? actual.some(test) : test(actual);
}

function present(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !Array.isArray(value) || value.length > 0;
}

/** Numbers compare as numbers ("100.00" equals 100), true/false as such, text without case. */
function same(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'boolean') return actual === expected || text(actual)?.toLowerCase() === String(expected);
  const a = numberOf(actual);
  const b = numberOf(expected);
  if (a !== undefined && b !== undefined) return a === b;
  const t = text(actual);
  return t !== undefined && t.trim().toLowerCase() === String(expected).trim().toLowerCase();
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}
