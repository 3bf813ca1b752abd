import { createRequire } from 'node:module';
import type { Liquid, LiquidOptions } from 'liquidjs';
import type { HooktrayEvent } from '../../../shared/events.ts';
import { payloadFields } from './payload-fields.ts';

const OPTIONS = { cache: 500, strictFilters: true, jsTruthy: true } as const;

const require = createRequire(import.meta.url);
function liquid(options: LiquidOptions): Liquid {
  const engine = require('liquidjs') as { Liquid: typeof Liquid };
  return new engine.Liquid(options);
}

/**
 * Liquid, because Shopify owners already write it. Templates whose name ends in "html" are
 * rendered with every output escaped, so a customer's name cannot inject markup into an email.
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

  async render(name: string, template: string, context: Record<string, unknown>): Promise<string> {
    const engine = name.endsWith('html') ? (this.html ??= liquid({ ...OPTIONS, outputEscape: 'escape' })) : (this.text ??= liquid(OPTIONS));
    return engine.parseAndRender(template, context);
  }

  /** Throws with Liquid's message when a template does not parse (for settings validation). */
  check(template: string): void {
    (this.parser ??= liquid({ ...OPTIONS, cache: false, locale: 'en-US' })).parse(template);
  }
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
    summary: event.summary,
    link: event.link ?? '',
    source: event.source,
    recipe,
    test,
  };
}
