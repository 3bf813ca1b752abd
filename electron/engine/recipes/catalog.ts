import type { RecipeDefinition, RecipeField } from '../../../shared/recipes.ts';
import { CONTACT_EMAIL, ORDER_EMAIL } from '../templates/defaults.ts';

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
];

export function findRecipe(id: string): RecipeDefinition | undefined {
  return CATALOG.find((r) => r.id === id);
}
