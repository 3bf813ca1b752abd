import type { EventType } from './event-types.ts';
import type { SourceId } from './sources.ts';

export { EVENT_TYPES, isEventType, type EventType } from './event-types.ts';

export interface Person {
  name?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  company?: string;
}

export interface LineItem {
  title: string;
  quantity: number;
  /** Unit price as the platform wrote it (a decimal string, never a float). */
  price?: string;
  sku?: string;
}

export interface OrderInfo {
  id: string;
  /** What the owner calls it: "#1042". */
  number: string;
  /** Decimal string, e.g. "49.90". */
  total?: string;
  currency?: string;
  status?: string;
  lineItems: LineItem[];
}

/** A help-desk ticket, the same from every help desk; its requester is the event's `person`. */
export interface TicketInfo {
  id: string;
  /** What the help desk shows: "#35436". */
  number: string;
  subject: string;
  /** The first message, as text. */
  description?: string;
  /** The help desk's own words: "open", "Pending". */
  status?: string;
  priority?: string;
}

/** What someone sent through a website form: the message, and every field as sent (name → text). */
export interface FormInfo {
  /** Which form, when the form builder says: "Contact us". */
  name?: string;
  message?: string;
  fields: Record<string, string>;
}

/** A platform event turned into the shape recipes and templates use. */
export interface HooktrayEvent {
  type: EventType;
  source: SourceId;
  /** The platform's own name for it: "orders/create", "lead:created", "checkout.session.completed". */
  platformEvent: string;
  /**
   * Identity of the thing that happened, the same whether it came by webhook or by API catch-up
   * (e.g. "order:4711:order.created"): an event with a key the inbox already holds triggers nothing.
   */
  key: string;
  /** ISO time the platform says it happened, or when we received it. */
  occurredAt: string;
  /** One line in plain words: "Order #1042 from Jane Doe, 49.90 EUR". */
  summary: string;
  person?: Person;
  order?: OrderInfo;
  ticket?: TicketInfo;
  form?: FormInfo;
  /** Link back to the thing on the platform's admin, when we can build one. */
  link?: string;
  /** The platform's own payload for this event, for templates that need a field we do not map. */
  data: unknown;
}
