import type { ActionDefinition } from './action.ts';
import { clinchpad } from './clinchpad.ts';
import { discord } from './discord.ts';
import { email } from './email.ts';
import { httpForward } from './http-forward.ts';
import { hubspot } from './hubspot.ts';
import { pipedrive } from './pipedrive.ts';
import { slack } from './slack.ts';
import { spreadsheet } from './spreadsheet.ts';
import { teams } from './teams.ts';

/** Every action a recipe can use, by id. */
export const ACTIONS: ReadonlyMap<string, ActionDefinition<unknown>> = new Map(
  [email, hubspot, pipedrive, clinchpad, slack, teams, discord, spreadsheet, httpForward].map((a) => [a.id, a]),
);
