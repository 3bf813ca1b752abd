import type { HooktrayEvent } from '../../../shared/events.ts';
import { ActionError } from './action.ts';

export interface Contact {
  email: string;
  name: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  company?: string;
}

/**
 * The person an event is about, as CRMs want it: the email is the identity (no email, no
 * contact: a CRM would create an anonymous duplicate every time), names split when the
 * platform only gave one.
 */
export function contactOf(event: HooktrayEvent, destination: string): Contact {
  const p = event.person ?? {};
  const email = p.email?.trim().toLowerCase();
  if (!email) {
    throw new ActionError(
      'permanent',
      `This ${event.source} event has no email address, and ${destination} needs one to find or create the contact. Nothing was sent.`,
    );
  }
  const [first, ...rest] = (p.name ?? '').trim().split(/\s+/).filter(Boolean);
  const firstName = p.firstName ?? first;
  const lastName = p.lastName ?? (rest.length ? rest.join(' ') : undefined);
  const name = p.name ?? ([firstName, lastName].filter(Boolean).join(' ') || email);
  return {
    email,
    name,
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(p.phone ? { phone: p.phone } : {}),
    ...(p.company ? { company: p.company } : {}),
  };
}
