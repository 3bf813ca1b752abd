import { randomUUID } from 'node:crypto';
import { isEventType, type EventType, type HooktrayEvent, type Person } from '../../../shared/events.ts';
import { platform, SOURCE_IDS } from '../../../shared/sources.ts';
import type { RecipeDefinition } from '../../../shared/recipes.ts';
import type { SourceId } from '../../../shared/sources.ts';

/**
 * "Send test event": a realistic event of a recipe's trigger, so the owner sees the real action
 * (a real email, a real CRM contact, a real row) before any customer buys. Values are plainly
 * fake (example.com addresses) so a test contact is easy to spot and delete at the destination.
 */
export interface SampleDelivery {
  source: SourceId;
  platformEvent: string;
  event: HooktrayEvent;
  body: Buffer;
}

const PERSON: Person = {
  name: 'Jane Example',
  firstName: 'Jane',
  lastName: 'Example',
  email: 'jane.example@example.com',
  phone: '+49 30 1234567',
  company: 'Example GmbH',
};

/** Platform event names that are not common types: what they mean. */
const PLATFORM_TYPES: Record<string, EventType> = { 'lead:won': 'contact.updated', 'lead:lost': 'contact.updated' };

/** For a recipe on "any" platform: the first platform that sends the event (Shopify for orders, Zendesk for tickets). */
function sourceFor(type: string): SourceId {
  return SOURCE_IDS.find((id) => Object.hasOwn(platform(id).events, type)) ?? 'shopify';
}

/** A sample delivery for the recipe's trigger (its first source and event). */
export function sampleDelivery(recipe: RecipeDefinition, now = Date.now(), uuid = randomUUID()): SampleDelivery {
  // '*' (anything) is shown as what the platform mostly sends, or a new contact, the most common generic payload.
  const own = recipe.trigger.source === 'any' ? undefined : Object.keys(platform(recipe.trigger.source).events)[0];
  const wanted = recipe.trigger.events.find((e) => e !== '*') ?? own ?? 'contact.created';
  const source: SourceId = recipe.trigger.source === 'any' ? (recipe.trigger.events.includes('*') ? 'shopify' : sourceFor(wanted)) : recipe.trigger.source;
  const type: EventType = isEventType(wanted) ? wanted : (PLATFORM_TYPES[wanted] ?? 'other');
  const names: Partial<Record<EventType, string>> = platform(source).events;
  const platformEvent = isEventType(wanted) ? (names[type] ?? type) : wanted;
  const occurredAt = new Date(now).toISOString();
  const base = { type, source, platformEvent, key: `test:${uuid}`, occurredAt, person: PERSON };
  let event: HooktrayEvent;
  if (type === 'order.created' || type === 'order.paid' || type === 'payment.succeeded') {
    const number = source === 'stripe' || source === 'paypal' ? 'TEST-1001' : '#1001';
    event = {
      ...base,
      summary: `${type === 'payment.succeeded' ? 'Payment' : 'Order'} ${number} from Jane Example, 49.90 EUR`,
      order: {
        id: 'test-1001',
        number,
        total: '49.90',
        currency: 'EUR',
        status: 'paid',
        lineItems: [
          { title: 'Blue mug', quantity: 2, price: '12.95', sku: 'MUG-BLUE' },
          { title: 'Tea towel', quantity: 1, price: '16.00', sku: 'TOWEL-1' },
        ],
      },
      data: orderPayload(source, type),
    };
  } else if (type === 'ticket.created' || type === 'ticket.updated') {
    event = {
      ...base,
      summary:
        type === 'ticket.created'
          ? 'New ticket #1001 from Jane Example: The blue mug arrived broken'
          : 'Ticket #1001 updated (Pending): The blue mug arrived broken',
      ticket: {
        id: '1001',
        number: '#1001',
        subject: 'The blue mug arrived broken',
        description: 'Hello, the mug from order #1001 arrived in pieces.\nCan you send a new one?',
        status: type === 'ticket.created' ? 'New' : 'Pending',
        priority: 'High',
      },
      link: source === 'freshdesk' ? 'https://example.freshdesk.com/a/tickets/1001' : 'https://example.zendesk.com/agent/tickets/1001',
      data: { event: type, ticket: { id: '1001', subject: 'The blue mug arrived broken', requester: { name: PERSON.name, email: PERSON.email } } },
    };
  } else if (type === 'form.submitted') {
    const fields = { name: PERSON.name!, email: PERSON.email!, phone: PERSON.phone!, message: 'Do you ship to Austria? I would like 12 blue mugs.' };
    event = {
      ...base,
      platformEvent: 'form',
      summary: `Form sent by Jane Example <${PERSON.email}>`,
      person: { name: PERSON.name!, email: PERSON.email!, phone: PERSON.phone! },
      form: { name: 'Contact us', message: fields.message, fields },
      data: fields,
    };
  } else {
    const what = platform(source).person ?? (type === 'customer.created' ? 'customer' : 'contact');
    const summary = wanted === 'lead:won' ? 'Lead Jane Example: lead:won (Won)' : `${type.endsWith('.updated') ? 'Updated' : 'New'} ${what} Jane Example`;
    event = { ...base, summary, data: contactPayload(source, platformEvent) };
  }
  return { source, platformEvent, event, body: Buffer.from(JSON.stringify({ test: true, recipe: recipe.id, event: event.data })) };
}

/** A slice of the platform's own payload, so templates reading `event.data.…` show something. */
function orderPayload(source: SourceId, type: EventType): Record<string, unknown> {
  // A Stripe payment is a PaymentIntent (payment_intent.succeeded), an order a Checkout Session.
  if (source === 'stripe' && type === 'payment.succeeded') {
    return { id: 'pi_test_1001', object: 'payment_intent', amount_received: 4990, currency: 'eur', receipt_email: PERSON.email, status: 'succeeded' };
  }
  if (source === 'stripe') {
    return {
      id: 'cs_test_1001',
      object: 'checkout.session',
      amount_total: 4990,
      currency: 'eur',
      customer_details: { name: 'Jane Example', email: PERSON.email },
    };
  }
  if (source === 'woocommerce') {
    return {
      id: 1001,
      number: '1001',
      status: 'processing',
      total: '49.90',
      currency: 'EUR',
      billing: { first_name: 'Jane', last_name: 'Example', email: PERSON.email },
      customer_note: 'Please gift wrap',
    };
  }
  return {
    id: 5_500_000_001,
    name: '#1001',
    email: PERSON.email,
    total_price: '49.90',
    currency: 'EUR',
    note: 'Please gift wrap',
    customer: { first_name: 'Jane', last_name: 'Example', email: PERSON.email, phone: PERSON.phone },
  };
}

function contactPayload(source: SourceId, platformEvent: string): Record<string, unknown> {
  if (source === 'clinchpad') {
    return {
      activity: { _id: 'test-activity', type: platformEvent, created_at: new Date().toISOString() },
      lead: { _id: 'test-lead', name: 'Jane Example', stage: { name: platformEvent === 'lead:won' ? 'Won' : 'Lead' }, size: 4990 },
    };
  }
  if (source === 'mailchimp') {
    return { type: platformEvent, data: { email: PERSON.email, merges: { FNAME: 'Jane', LNAME: 'Example', PHONE: PERSON.phone }, list_id: 'test-list' } };
  }
  return { id: 7001, email: PERSON.email, first_name: 'Jane', last_name: 'Example', phone: PERSON.phone };
}
