import type { ActionDefinition } from './action.ts';
import { apiRequest } from './api-request.ts';
import { asana } from './asana.ts';
import { clinchpad } from './clinchpad.ts';
import { discord } from './discord.ts';
import { email } from './email.ts';
import { httpForward } from './http-forward.ts';
import { hubspot } from './hubspot.ts';
import { mailchimp } from './mailchimp.ts';
import { pipedrive } from './pipedrive.ts';
import { salesforce } from './salesforce.ts';
import { slack } from './slack.ts';
import { spreadsheet } from './spreadsheet.ts';
import { teams } from './teams.ts';
import { trello } from './trello.ts';

/** Every action a recipe can use, by id. */
export const ACTIONS: ReadonlyMap<string, ActionDefinition<unknown>> = new Map(
  [email, hubspot, pipedrive, clinchpad, mailchimp, salesforce, trello, asana, slack, teams, discord, spreadsheet, httpForward, apiRequest].map((a) => [
    a.id,
    a,
  ]),
);
