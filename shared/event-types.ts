/** The common events recipes trigger on, whatever platform they came from. */
export const EVENT_TYPES = [
  'order.created',
  'order.paid',
  'customer.created',
  'contact.created',
  'contact.updated',
  'payment.succeeded',
  /** Anything the platform sent that has no common meaning; recipes can still match its platformEvent. */
  'other',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
