import type { HooktrayEvent, Person, TicketInfo } from '../../../shared/events.ts';
import type { SourceId } from '../../../shared/sources.ts';
import { isoTime, obj, person, str } from './fields.ts';

/** A ticket as a help desk's payload gives it, before it becomes a common `ticket` event. */
export interface TicketFields {
  id: string;
  subject?: string;
  description?: string;
  status?: string;
  priority?: string;
  requester?: Person;
  link?: string;
  /** When the ticket last changed, as the help desk wrote it. */
  updatedAt?: string;
}

/**
 * The body the setup steps ask the owner to paste into Zendesk or Freshdesk (shared/paste-texts.ts):
 * `{"event": "ticket.created", "ticket": {id, subject, description, status, priority, link,
 * requester: {name, email, phone}}}`. A placeholder the help desk left unfilled ("{{ticket.x}}")
 * counts as empty.
 */
export function pastedTicket(payload: unknown): { event?: string; ticket: TicketFields } | undefined {
  const body = obj(payload);
  const ticket = obj(body.ticket);
  const id = filled(ticket.id);
  if (!id) return undefined;
  const requester = obj(ticket.requester);
  return {
    ...(filled(body.event) ? { event: filled(body.event) } : {}),
    ticket: compact({
      id,
      subject: filled(ticket.subject),
      description: textOf(filled(ticket.description)),
      status: filled(ticket.status),
      priority: filled(ticket.priority),
      requester: person({ name: filled(requester.name), email: filled(requester.email), phone: filled(requester.phone) }),
      link: httpLink(filled(ticket.link) ?? filled(ticket.url)),
      updatedAt: filled(ticket.updated_at),
    }),
  };
}

/** One `ticket.created` or `ticket.updated` event, worded the same for every help desk. */
export function ticketEvent(
  source: SourceId,
  type: 'ticket.created' | 'ticket.updated',
  platformEvent: string,
  t: TicketFields,
  keyPart: string,
  receivedAt: number,
  data: unknown,
): HooktrayEvent {
  const number = `#${t.id}`;
  const who = t.requester?.name ?? t.requester?.email;
  const subject = t.subject ? `: ${t.subject}` : '';
  const ticket: TicketInfo = compact({
    id: t.id,
    number,
    subject: t.subject ?? '(no subject)',
    description: t.description,
    status: t.status,
    priority: t.priority,
  });
  return {
    type,
    source,
    platformEvent,
    key: type === 'ticket.created' ? `ticket:${t.id}:ticket.created` : `ticket:${t.id}:ticket.updated:${keyPart}`,
    occurredAt: isoTime(t.updatedAt, receivedAt),
    summary:
      type === 'ticket.created'
        ? `New ticket ${number}${who ? ` from ${who}` : ''}${subject}`
        : `Ticket ${number} updated${t.status ? ` (${t.status})` : ''}${subject}`,
    ...(t.requester ? { person: t.requester } : {}),
    ticket,
    ...(t.link ? { link: t.link } : {}),
    data,
  };
}

/** Text without a placeholder the platform did not fill in ("{{ticket.x}}" sent as it was). */
function filled(value: unknown): string | undefined {
  const text = str(value);
  return text && !/^\{\{[^}]*\}\}$/.test(text) ? text : undefined;
}

/** An http(s) address only: it ends up as a link in emails and chat. */
export function httpLink(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Help desks send descriptions as HTML: plain text with line breaks kept. */
export function textOf(html: string | undefined): string | undefined {
  if (!html || !/<[a-z/!]/i.test(html)) return html;
  const text = html
    .replace(/<(br|\/p|\/div|\/li|\/h\d)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text || undefined;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
