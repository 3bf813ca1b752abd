import type { RecipeDefinition } from '../../../shared/recipes.ts';
import type { SourceId } from '../../../shared/sources.ts';
import { composeRecipe } from './build-your-own.ts';

/** A prebuilt recipe that is a ready-made Build your own pair, with its own id and words. */
function preset(
  id: string,
  source: SourceId | 'any',
  kind: string,
  action: string,
  words: { title: string; description: string },
  defaults?: Record<string, unknown>,
): RecipeDefinition {
  const made = composeRecipe(source, kind, action);
  if ('refusal' in made) throw new Error(`The prebuilt recipe ${id} cannot be made: ${made.refusal}`);
  return { ...made.recipe, id, ...words, ...(defaults ? { defaults: { ...made.recipe.defaults, ...defaults } } : {}) };
}

/** The automations owners ask for first: forms into Mailchimp, tickets into Trello or Asana, sales into Salesforce, anything into an API. */
export const PRESET_RECIPES: readonly RecipeDefinition[] = [
  preset('form-mailchimp', 'form', 'form.submitted', 'mailchimp', {
    title: 'Website form → Mailchimp audience',
    description:
      'Everyone who sends the form on your website (your own HTML, WPForms, Gravity Forms, Typeform, Google Forms) joins your Mailchimp audience with their name and phone.',
  }),
  preset('shopify-customer-mailchimp', 'shopify', 'customer.created', 'mailchimp', {
    title: 'New Shopify customer → Mailchimp audience',
    description: 'New customers join your Mailchimp audience, with a confirmation email first if you choose; nobody who unsubscribed is added again.',
  }),
  preset('woocommerce-customer-mailchimp', 'woocommerce', 'customer.created', 'mailchimp', {
    title: 'New WooCommerce customer → Mailchimp audience',
    description: 'New customers join your Mailchimp audience, with a confirmation email first if you choose; nobody who unsubscribed is added again.',
  }),
  preset('zendesk-ticket-trello', 'zendesk', 'ticket.created', 'trello', {
    title: 'New Zendesk ticket → Trello card',
    description: 'Each new support ticket becomes a card on your Trello board, with who asked, what, and a link back to the ticket.',
  }),
  preset('freshdesk-ticket-trello', 'freshdesk', 'ticket.created', 'trello', {
    title: 'New Freshdesk ticket → Trello card',
    description: 'Each new support ticket becomes a card on your Trello board, with who asked, what, and a link back to the ticket.',
  }),
  preset('any-ticket-asana', 'any', 'ticket.created', 'asana', {
    title: 'New support ticket → Asana task',
    description: 'Each new Zendesk or Freshdesk ticket becomes a task in your Asana project, linking back to the ticket.',
  }),
  preset('any-order-salesforce', 'any', 'order.created', 'salesforce', {
    title: 'New order → Salesforce contact',
    description: 'Whoever orders, in any connected shop, becomes a Salesforce contact (or their contact is found by email), with a note of the order.',
  }),
  preset(
    'clinchpad-lead-salesforce',
    'clinchpad',
    'contact.created',
    'salesforce',
    {
      title: 'New ClinchPad lead → Salesforce lead',
      description: 'New ClinchPad leads are added to Salesforce as leads, unless Salesforce already has one with their email.',
    },
    { object: 'Lead' },
  ),
  preset(
    'mautic-contact-salesforce',
    'mautic',
    'contact.created',
    'salesforce',
    {
      title: 'New Mautic contact → Salesforce lead',
      description: 'Contacts Mautic identifies are added to Salesforce as leads, unless Salesforce already has one with their email.',
    },
    { object: 'Lead' },
  ),
  preset('any-event-api', 'any', '*', 'api-request', {
    title: 'Any event → your API, in its format',
    description:
      'When an app (a BI tool, a booking system) only takes data through its own API, Hooktray sends each event there in exactly the JSON it expects, written by you with the values where they go.',
  }),
];
