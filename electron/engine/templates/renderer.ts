import { Liquid } from 'liquidjs';
import type { HooktrayEvent } from '../../../shared/events.ts';

/**
 * Liquid, because Shopify owners already write it. Templates whose name ends in "html" are
 * rendered with every output escaped, so a customer's name cannot inject markup into an email.
 */
export class TemplateRenderer {
  private readonly text = new Liquid({ cache: 500, strictFilters: true, jsTruthy: true });
  private readonly html = new Liquid({ cache: 500, strictFilters: true, jsTruthy: true, outputEscape: 'escape' });

  async render(name: string, template: string, context: Record<string, unknown>): Promise<string> {
    const engine = name.endsWith('html') ? this.html : this.text;
    return engine.parseAndRender(template, context);
  }

  /** Throws with Liquid's message when a template does not parse (for settings validation). */
  check(template: string): void {
    this.text.parse(template);
  }
}

/** What a template can use: {{ order.number }}, {{ person.name }}, {{ summary }}, {{ event.data.note }}… */
export function templateContext(event: HooktrayEvent, recipe: { id: string; title: string }, test: boolean): Record<string, unknown> {
  return {
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
