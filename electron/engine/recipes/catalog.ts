import type { RecipeDefinition, RecipeField } from '../../../shared/recipes.ts';
import { CONTACT_EMAIL, GENERIC_EMAIL, ORDER_EMAIL, PAYMENT_EMAIL } from '../templates/defaults.ts';
import { composeRecipe, parseBuiltId } from './build-your-own.ts';
import { DESTINATION_RECIPES } from './catalog-destinations.ts';
import { PRESET_RECIPES } from './catalog-presets.ts';

const EMAIL_TO: RecipeField = {
  key: 'to',
  label: 'Send to',
  kind: 'emails',
  required: true,
  help: 'One or more email addresses, separated by commas.',
  placeholder: 'team@example.com',
};

/** The prebuilt recipes, as data. The gallery lists them; settings refer to them by id. */
export const CATALOG: readonly RecipeDefinition[] = [
  {
    id: 'shopify-order-email',
    title: 'New Shopify order → email the team',
    description: 'Every new order in your Shopify shop is emailed to you or your team, with the customer, the items and the total.',
    trigger: { source: 'shopify', events: ['order.created'] },
    action: 'email',
    templates: ORDER_EMAIL,
    fields: [EMAIL_TO],
  },
  {
    id: 'clinchpad-lead-email',
    title: 'New ClinchPad lead → email the team',
    description: 'When a lead is added in ClinchPad, your sales team gets an email with its name and contact details.',
    trigger: { source: 'clinchpad', events: ['contact.created'] },
    action: 'email',
    templates: CONTACT_EMAIL,
    fields: [EMAIL_TO],
  },
  {
    id: 'woocommerce-order-email',
    title: 'New WooCommerce order → email the team',
    description: 'Every new order in your WooCommerce shop is emailed to you or your team.',
    trigger: { source: 'woocommerce', events: ['order.created'] },
    action: 'email',
    templates: ORDER_EMAIL,
    fields: [EMAIL_TO],
  },
  {
    id: 'stripe-payment-email',
    title: 'Stripe payment → email the team',
    description: 'When a Stripe payment succeeds (a checkout, a payment link or an invoice), you get one email with who paid and how much.',
    // One event type only: a checkout sends checkout.session.completed and payment_intent.succeeded, and both must not email.
    trigger: { source: 'stripe', events: ['payment.succeeded'] },
    action: 'email',
    templates: PAYMENT_EMAIL,
    fields: [EMAIL_TO],
  },
  {
    id: 'paypal-payment-email',
    title: 'PayPal payment → email the team',
    description: 'When a PayPal payment is captured, you get one email with who paid and how much.',
    // A PayPal checkout sends CHECKOUT.ORDER.COMPLETED and PAYMENT.CAPTURE.COMPLETED: only the payment emails.
    trigger: { source: 'paypal', events: ['payment.succeeded'] },
    action: 'email',
    templates: PAYMENT_EMAIL,
    fields: [EMAIL_TO],
  },
  {
    id: 'mailchimp-subscriber-email',
    title: 'New Mailchimp subscriber → email the team',
    description: 'When someone subscribes to your Mailchimp audience, you get an email with their name and address.',
    trigger: { source: 'mailchimp', events: ['contact.created'] },
    action: 'email',
    templates: CONTACT_EMAIL,
    fields: [EMAIL_TO],
  },
  {
    id: 'mautic-contact-email',
    title: 'New Mautic contact → email the team',
    description: 'When Mautic identifies a new contact, your sales team gets an email with the details.',
    trigger: { source: 'mautic', events: ['contact.created'] },
    action: 'email',
    templates: CONTACT_EMAIL,
    fields: [EMAIL_TO],
  },
  {
    id: 'generic-email',
    title: 'Anything from another app → email me',
    description: 'Every webhook your other app sends is emailed to you, with every field it carries.',
    trigger: { source: 'generic', events: ['*'] },
    action: 'email',
    templates: GENERIC_EMAIL,
    fields: [EMAIL_TO],
  },
  ...DESTINATION_RECIPES,
  ...PRESET_RECIPES,
];

/** A prebuilt recipe by id, or one made with Build your own ("woocommerce-order-created-to-discord"). */
export function findRecipe(id: string): RecipeDefinition | undefined {
  return CATALOG.find((r) => r.id === id) ?? builtRecipe(id);
}

function builtRecipe(id: string): RecipeDefinition | undefined {
  const parts = parseBuiltId(id);
  const made = parts && composeRecipe(parts.source, parts.kind, parts.action);
  return made && 'recipe' in made ? made.recipe : undefined;
}

/** The catalog as RecipeSet looks recipes up: prebuilt and made ones. */
export const RECIPE_LOOKUP = { find: findRecipe, whyNot: whyNoRecipe };

/** Why an id names no recipe: an impossible Build your own pair says why, anything else is unknown. */
export function whyNoRecipe(id: string): string {
  const parts = parseBuiltId(id);
  const made = parts && composeRecipe(parts.source, parts.kind, parts.action);
  if (made && 'refusal' in made) return `"${id}" cannot work: ${made.refusal}`;
  return `unknown recipe "${id}"; known recipes: ${CATALOG.map((r) => r.id).join(', ')}`;
}
