import type { RecipeBuilder, RecipeDefinition } from '../../../shared/recipes.ts';
import { isSourceId, platform, SOURCE_IDS, type SourceId } from '../../../shared/sources.ts';
import { familyOf } from '../templates/family-templates.ts';
import { ACTION_RECIPES, actionRecipe } from './action-recipes.ts';

/**
 * Build your own: any platform's kind of event with any action. A made recipe is data like a
 * prebuilt one, under an id that says what it is made of ("woocommerce-order-created-to-discord"),
 * so the settings file and an export file name it plainly and nothing else needs storing.
 */
export const ANYTHING = '*';

/** The kinds of event offered, in the owner's words. */
export const KINDS: readonly { kind: string; label: string; slug: string }[] = [
  { kind: 'order.created', label: 'New order', slug: 'order-created' },
  { kind: 'order.paid', label: 'Order paid', slug: 'order-paid' },
  { kind: 'payment.succeeded', label: 'Payment received', slug: 'payment-succeeded' },
  { kind: 'customer.created', label: 'New customer', slug: 'customer-created' },
  { kind: 'contact.created', label: 'New contact or lead', slug: 'contact-created' },
  { kind: 'contact.updated', label: 'Contact or lead changed', slug: 'contact-updated' },
  { kind: 'form.submitted', label: 'Form sent', slug: 'form-submitted' },
  { kind: 'ticket.created', label: 'New ticket', slug: 'ticket-created' },
  { kind: 'ticket.updated', label: 'Ticket changed', slug: 'ticket-updated' },
  { kind: ANYTHING, label: 'Anything it sends', slug: 'anything' },
];

/** The kinds a platform sends (its common events, and anything), or every kind some platform sends for "any". */
export function kindsOf(source: SourceId | 'any'): string[] {
  const sends = (id: SourceId) => Object.keys(platform(id).events);
  const sent = new Set(source === 'any' ? SOURCE_IDS.flatMap(sends) : sends(source));
  return KINDS.filter((k) => k.kind === ANYTHING || sent.has(k.kind)).map((k) => k.kind);
}

/** "New WooCommerce order", "Any payment", "Anything from Zendesk". */
export function triggerWords(source: SourceId | 'any', kind: string): string {
  const any = source === 'any';
  const p = any ? undefined : platform(source);
  const name = p?.title ?? '';
  const who = p?.person ?? 'contact';
  const words: Record<string, string> = any
    ? {
        'order.created': 'Any new order',
        'order.paid': 'Any order paid',
        'payment.succeeded': 'Any payment',
        'customer.created': 'Any new customer',
        'contact.created': 'Any new contact',
        'contact.updated': 'Any contact changed',
        'form.submitted': 'Any form sent',
        'ticket.created': 'Any new ticket',
        'ticket.updated': 'Any ticket changed',
        [ANYTHING]: 'Every event',
      }
    : {
        'order.created': `New ${name} order`,
        'order.paid': `${name} order paid`,
        'payment.succeeded': `${name} payment`,
        'customer.created': `New ${name} customer`,
        'contact.created': `New ${name} ${who}`,
        'contact.updated': `${name} ${who} changed`,
        'form.submitted': `${name} sent`,
        'ticket.created': `New ${name} ticket`,
        'ticket.updated': `${name} ticket changed`,
        [ANYTHING]: `Anything from ${name}`,
      };
  return words[kind] ?? `${name} ${kind}`;
}

export function builtId(source: SourceId | 'any', kind: string, action: string): string {
  return `${source}-${KINDS.find((k) => k.kind === kind)?.slug ?? kind}-to-${action}`;
}

/** The parts of a made recipe's id, or undefined when it is not one. */
export function parseBuiltId(id: string): { source: SourceId | 'any'; kind: string; action: string } | undefined {
  const at = id.indexOf('-to-');
  if (at < 0) return undefined;
  const [source, ...rest] = id.slice(0, at).split('-');
  const kind = KINDS.find((k) => k.slug === rest.join('-'))?.kind;
  if (!source || !kind || !(source === 'any' || isSourceId(source))) return undefined;
  return { source, kind, action: id.slice(at + 4) };
}

/** A recipe made of a trigger and an action, or why that pair cannot be made. */
export function composeRecipe(source: SourceId | 'any', kind: string, action: string): { recipe: RecipeDefinition } | { refusal: string } {
  const what = actionRecipe(action);
  if (!what) return { refusal: `there is no action "${action}"; the actions are ${ACTION_RECIPES.map((a) => a.action).join(', ')}` };
  const origin = source === 'any' ? 'any platform' : platform(source).title;
  if (!kindsOf(source).includes(kind)) {
    const label = KINDS.find((k) => k.kind === kind)?.label.toLowerCase() ?? kind;
    return {
      refusal: `${origin} sends no "${label}" events; it sends: ${kindsOf(source)
        .map((k) => KINDS.find((x) => x.kind === k)!.label.toLowerCase())
        .join(', ')}`,
    };
  }
  const family = familyOf(kind);
  if (!what.families.includes(family)) {
    return {
      refusal: `"${what.title}" needs an event about one person (an order, a contact, a form, a ticket) to find them by email; "${triggerWords(source, kind)}" can be about anything`,
    };
  }
  const trigger = triggerWords(source, kind);
  return {
    recipe: {
      id: builtId(source, kind, action),
      title: `${trigger} → ${what.outcome}`,
      description: `${trigger}: ${what.help.charAt(0).toLowerCase()}${what.help.slice(1)}`,
      trigger: { source, events: [kind] },
      action,
      templates: what.templates(family),
      fields: what.fields(family),
      ...(what.defaults ? { defaults: what.defaults } : {}),
      built: { source, kind, action },
    },
  };
}

/** What Build your own offers: each platform (and any) with the kinds it sends, each action with the kinds it takes. */
export function recipeBuilder(): RecipeBuilder {
  const sources: (SourceId | 'any')[] = ['any', ...SOURCE_IDS];
  return {
    triggers: sources.map((source) => ({
      source,
      title: source === 'any' ? 'Any platform' : platform(source).title,
      kinds: kindsOf(source).map((kind) => ({ kind, label: KINDS.find((k) => k.kind === kind)!.label })),
    })),
    actions: ACTION_RECIPES.map((a) => ({
      action: a.action,
      title: a.title,
      help: a.help,
      kinds: KINDS.filter((k) => a.families.includes(familyOf(k.kind))).map((k) => k.kind),
    })),
  };
}
