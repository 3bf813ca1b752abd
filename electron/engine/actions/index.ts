import type { ActionDefinition } from './action.ts';
import { email } from './email.ts';

/** Every action a recipe can use, by id. */
export const ACTIONS: ReadonlyMap<string, ActionDefinition<unknown>> = new Map([email].map((a) => [a.id, a]));
