/** The common events recipes trigger on, whatever platform they came from. */
export const EVENT_TYPES = [
  'order.created',
  'order.paid',
  'customer.created',
  'contact.created',
  'contact.updated',
  'payment.succeeded',
  /** Someone sent a form on the owner's website (the person and their message are filled in). */
  'form.submitted',
  /** A help-desk ticket was opened (Zendesk, Freshdesk); the ticket and its requester are filled in. */
  'ticket.created',
  /** A help-desk ticket changed (status, priority, a reply). */
  'ticket.updated',
  /** Anything the platform sent that has no common meaning; recipes can still match its platformEvent. */
  'other',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
