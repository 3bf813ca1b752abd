import type { RecipeField } from '../../../shared/recipes.ts';
import {
  apiBodyTemplates,
  clinchpadTemplates,
  discordTemplates,
  emailTemplates,
  rowColumns,
  rowTemplates,
  salesforceTemplates,
  slackTemplates,
  taskTemplates,
  teamsTemplates,
  FAMILIES,
  type Family,
} from '../templates/family-templates.ts';
import { columns, F } from './recipe-fields.ts';

/**
 * What each action needs to become a recipe with any trigger (Build your own): its words, the
 * kinds of event it can work with, and the fields and default templates for each kind.
 */
export interface ActionRecipe {
  action: string;
  /** The picker's words: "Post a Discord message". */
  title: string;
  /** One sentence under it. */
  help: string;
  /** The second half of a made recipe's title: "New WooCommerce order → Discord message". */
  outcome: string;
  /** Kinds of event it can do something sensible with; the others are not offered. */
  families: readonly Family[];
  fields(family: Family): RecipeField[];
  templates(family: Family): Record<string, string>;
  defaults?: Record<string, unknown>;
}

/** Actions that find or create one person by email: an event about no one in particular cannot feed them. */
const ABOUT_SOMEONE: readonly Family[] = ['order', 'payment', 'person', 'form', 'ticket'];

export const ACTION_RECIPES: readonly ActionRecipe[] = [
  {
    action: 'email',
    title: 'Email the team',
    help: 'An email through your mail server (Settings → Email).',
    outcome: 'email the team',
    families: FAMILIES,
    fields: () => [F.to],
    templates: emailTemplates,
  },
  {
    action: 'slack',
    title: 'Post a Slack message',
    help: 'A message in a Slack channel, through an incoming webhook.',
    outcome: 'Slack message',
    families: FAMILIES,
    fields: () => [F.slackUrl],
    templates: slackTemplates,
  },
  {
    action: 'teams',
    title: 'Post a Microsoft Teams message',
    help: 'A card in a Teams channel, through a Workflows webhook.',
    outcome: 'Microsoft Teams message',
    families: FAMILIES,
    fields: () => [F.teamsUrl],
    templates: teamsTemplates,
  },
  {
    action: 'discord',
    title: 'Post a Discord message',
    help: 'A message in a Discord channel, through its webhook.',
    outcome: 'Discord message',
    families: FAMILIES,
    fields: () => [F.discordUrl],
    templates: discordTemplates,
  },
  {
    action: 'spreadsheet',
    title: 'Add a row to a spreadsheet',
    help: 'One row per event in an Excel (.xlsx) or CSV file on this computer.',
    outcome: 'row in a spreadsheet',
    families: FAMILIES,
    fields: (family) => [F.xlsxFile, columns(rowTemplates(family).columns!, rowColumns(family))],
    templates: rowTemplates,
  },
  {
    action: 'hubspot',
    title: 'Add or update a HubSpot contact',
    help: 'The person, found by email or created; never a duplicate.',
    outcome: 'HubSpot contact',
    families: ABOUT_SOMEONE,
    fields: () => [F.hubspotToken],
    templates: () => ({}),
  },
  {
    action: 'pipedrive',
    title: 'Add a Pipedrive person',
    help: 'The person, unless Pipedrive already has their email.',
    outcome: 'Pipedrive person',
    families: ABOUT_SOMEONE,
    fields: () => [F.pipedriveToken],
    templates: () => ({}),
  },
  {
    action: 'clinchpad',
    title: 'Create a ClinchPad lead',
    help: 'A lead with the person as its contact and a note.',
    outcome: 'ClinchPad lead',
    families: ABOUT_SOMEONE,
    fields: () => [F.clinchpadKey, F.clinchpadPipeline],
    templates: clinchpadTemplates,
  },
  {
    action: 'mailchimp',
    title: 'Add to a Mailchimp audience',
    help: 'The person subscribed to your audience (or updated), with their name and phone; never someone who unsubscribed.',
    outcome: 'Mailchimp audience',
    families: ABOUT_SOMEONE,
    fields: () => [F.mailchimpKey, F.mailchimpAudience, F.mailchimpOptIn, F.mailchimpTags],
    templates: () => ({}),
    defaults: { optIn: 'single' },
  },
  {
    action: 'salesforce',
    title: 'Add to Salesforce',
    help: 'A contact or lead found by email or created, with a note of what happened.',
    outcome: 'Salesforce contact',
    families: ABOUT_SOMEONE,
    fields: () => [F.salesforceUrl, F.salesforceClientId, F.salesforceSecret, F.salesforceRefresh, F.salesforceObject, F.salesforceCompany],
    templates: salesforceTemplates,
    defaults: { object: 'Contact' },
  },
  {
    action: 'trello',
    title: 'Create a Trello card',
    help: 'A card on the list you pick, linking back to where it came from.',
    outcome: 'Trello card',
    families: FAMILIES,
    fields: () => [F.trelloKey, F.trelloToken, F.trelloBoard, F.trelloList, F.dueDays],
    templates: taskTemplates,
  },
  {
    action: 'asana',
    title: 'Create an Asana task',
    help: 'A task in the project you pick, linking back to where it came from.',
    outcome: 'Asana task',
    families: FAMILIES,
    fields: () => [F.asanaToken, F.asanaProject, F.dueDays],
    templates: taskTemplates,
  },
  {
    action: 'http-forward',
    title: 'Send it to your own web address',
    help: "Hooktray's own JSON of the event, signed, for your server or a no-code tool.",
    outcome: 'your own web address',
    families: FAMILIES,
    fields: () => [F.forwardUrl, F.forwardSecret],
    templates: () => ({}),
  },
  {
    action: 'api-request',
    title: 'Send it to an API, in its format',
    help: 'A request in the exact JSON another app’s API wants, which you write with the values where they go.',
    outcome: 'your API, in its format',
    families: FAMILIES,
    fields: () => [F.apiUrl, F.apiMethod, F.apiAuthHeader, F.apiAuthValue, F.apiHeaders, F.apiBody],
    templates: apiBodyTemplates,
    defaults: { method: 'POST', authHeader: 'Authorization' },
  },
];

export function actionRecipe(action: string): ActionRecipe | undefined {
  return ACTION_RECIPES.find((a) => a.action === action);
}

/** Every secret field any action can have, by key: what settings seal and logs redact. */
export const ACTION_SECRET_KEYS: readonly string[] = [
  ...new Set(
    ACTION_RECIPES.flatMap((a) => FAMILIES.flatMap((f) => a.fields(f)))
      .filter((f) => f.kind === 'secret')
      .map((f) => f.key),
  ),
];
