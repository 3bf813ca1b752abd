import { createRequire } from 'node:module';
import type { Liquid, LiquidOptions } from 'liquidjs';
import type { HooktrayEvent } from '../../../shared/events.ts';
import { collectValue, renderJsonTemplate } from './json-template.ts';
import { payloadFields } from './payload-fields.ts';

const OPTIONS = { cache: 500, strictFilters: true, jsTruthy: true } as const;

const require = createRequire(import.meta.url);
function liquid(options: LiquidOptions): Liquid {
  const engine = require('liquidjs') as { Liquid: typeof Liquid };
  return new engine.Liquid(options);
}

/**
 * Liquid, because Shopify owners already write it. Templates whose name ends in "html" are
 * rendered with every output escaped, so a customer's name cannot inject markup into an email;
 * those ending in "json" render to JSON in which no value can break out of its place
 * (json-template.ts), and are refused unless they do.
 * The rendering engines are made on first use: a new Liquid asks Intl for the system's locale
 * (for date filters), which pages in several MB of ICU data that an app yet to run a recipe
 * does not need. Checking a template only parses it, so its engine is told a locale instead.
 * The library itself is loaded then too (a synchronous require, so checking stays synchronous):
 * about 2 MB that an idle tray app would otherwise hold from start.
 */
export class TemplateRenderer {
  private text: Liquid | undefined;
  private html: Liquid | undefined;
  private parser: Liquid | undefined;
  private json: Liquid | undefined;
  private readonly escaping = new Map<(value: unknown) => string, Liquid>();

  /** `valueEscape` writes each output of a template not named "…html" (chat markup, see ActionDefinition.templateValue). */
  async render(name: string, template: string, context: Record<string, unknown>, valueEscape?: (value: unknown) => string): Promise<string> {
    if (isJsonTemplate(name)) return this.renderJson(template, context);
    return this.engineFor(name, valueEscape).parseAndRender(template, context);
  }

  /** A JSON template rendered (synchronously) and checked to parse; throws JsonTemplateError with the line. */
  renderJson(template: string, context: Record<string, unknown>): string {
    return renderJsonTemplate((this.json ??= liquid({ ...OPTIONS, outputEscape: collectValue })), template, context);
  }

  private engineFor(name: string, valueEscape: ((value: unknown) => string) | undefined): Liquid {
    if (name.endsWith('html')) return (this.html ??= liquid({ ...OPTIONS, outputEscape: 'escape' }));
    if (!valueEscape) return (this.text ??= liquid(OPTIONS));
    let engine = this.escaping.get(valueEscape);
    if (!engine) this.escaping.set(valueEscape, (engine = liquid({ ...OPTIONS, outputEscape: valueEscape })));
    return engine;
  }

  /** Throws with Liquid's message when a template does not parse (for settings validation). */
  check(template: string): void {
    (this.parser ??= liquid({ ...OPTIONS, cache: false, locale: 'en-US' })).parse(template);
  }
}

/** Templates rendered as JSON bodies: "body_json", "json". */
export function isJsonTemplate(name: string): boolean {
  return name.endsWith('json');
}

/**
 * What a template can use: {{ order.number }}, {{ person.name }}, {{ summary }}, {{ event.data.note }},
 * and `fields`, the payload's top-level fields as {name, value} (worked out only if a template asks).
 */
export function templateContext(event: HooktrayEvent, recipe: { id: string; title: string }, test: boolean): Record<string, unknown> {
  let fields: ReturnType<typeof payloadFields> | undefined;
  return {
    get fields() {
      return (fields ??= payloadFields(event.data));
    },
    event,
    person: event.person ?? {},
    customer: event.person ?? {},
    order: event.order ?? {},
    ticket: event.ticket ?? {},
    form: event.form ?? { fields: {} },
    summary: event.summary,
    link: event.link ?? '',
    source: event.source,
    recipe,
    test,
  };
}
