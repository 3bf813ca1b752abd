import {
  CONTACT_EMAIL,
  GENERIC_EMAIL,
  ORDER_CLINCHPAD,
  ORDER_DISCORD,
  ORDER_EMAIL,
  ORDER_ROW,
  ORDER_SLACK,
  ORDER_TEAMS,
  PAYMENT_EMAIL,
  PAYMENT_ROW,
} from './defaults.ts';

/**
 * Default templates for every kind of event an action can be paired with (Build your own): what
 * a message, a card, a row or a request body says about an order, a payment, a person, a form,
 * a ticket, or anything at all. Order templates are the ones the prebuilt recipes always had.
 */
export type Family = 'order' | 'payment' | 'person' | 'form' | 'ticket' | 'anything';
export const FAMILIES: readonly Family[] = ['order', 'payment', 'person', 'form', 'ticket', 'anything'];

/** The kind of thing an event type is about ("*": anything at all). */
export function familyOf(kind: string): Family {
  if (kind === 'order.created' || kind === 'order.paid') return 'order';
  if (kind === 'payment.succeeded') return 'payment';
  if (kind === 'customer.created' || kind.startsWith('contact.') || kind === 'lead:won' || kind === 'lead:lost') return 'person';
  if (kind === 'form.submitted') return 'form';
  if (kind.startsWith('ticket.')) return 'ticket';
  return 'anything';
}

/** A headline and a plain-text body per family; chat, cards and tasks are made from them. */
const TEXT: Record<Family, { title: string; body: string }> = {
  order: {
    title: 'New order {{ order.number }} from {{ person.name | default: person.email | default: "a customer" }}: {{ order.total }} {{ order.currency }}',
    body: `{% for item in order.lineItems %}- {{ item.quantity }} x {{ item.title }}
{% endfor %}{% if person.email %}Email: {{ person.email }}
{% endif %}{% if person.phone %}Phone: {{ person.phone }}
{% endif %}`,
  },
  payment: {
    title: '{{ summary }}',
    body: `{% if order.total %}Amount: {{ order.total }} {{ order.currency }}
{% endif %}{% if person.name or person.email %}From: {{ person.name }} {{ person.email }}
{% endif %}`,
  },
  person: {
    title: '{{ summary }}',
    body: `{% if person.name %}Name: {{ person.name }}
{% endif %}{% if person.email %}Email: {{ person.email }}
{% endif %}{% if person.phone %}Phone: {{ person.phone }}
{% endif %}{% if person.company %}Company: {{ person.company }}
{% endif %}`,
  },
  form: {
    title: 'New message from {{ person.name | default: person.email | default: "a visitor" }}{% if form.name %} ({{ form.name }}){% endif %}',
    body: `{% if person.email %}Email: {{ person.email }}
{% endif %}{% if person.phone %}Phone: {{ person.phone }}
{% endif %}
{{ form.message }}`,
  },
  ticket: {
    title: 'Ticket {{ ticket.number }}: {{ ticket.subject }}',
    body: `From: {{ person.name | default: "(no name)" }}{% if person.email %} <{{ person.email }}>{% endif %}
{% if ticket.priority %}Priority: {{ ticket.priority }}
{% endif %}{% if ticket.status %}Status: {{ ticket.status }}
{% endif %}
{{ ticket.description }}`,
  },
  anything: {
    title: '{{ summary }}',
    body: `{% for field in fields %}{{ field.name }}: {{ field.value }}
{% endfor %}`,
  },
};

const LINK = '{% if link %}\n\n{{ link }}{% endif %}';

export function emailTemplates(family: Family): Record<string, string> {
  if (family === 'order') return ORDER_EMAIL;
  if (family === 'payment') return PAYMENT_EMAIL;
  if (family === 'person') return CONTACT_EMAIL;
  if (family === 'anything') return GENERIC_EMAIL;
  return { subject: TEXT[family].title, text: `${TEXT[family].body}\n${LINK}\n` };
}

/** Slack's template ends in "html": values arrive escaped, and the text is turned into mrkdwn. */
export function slackTemplates(family: Family): Record<string, string> {
  if (family === 'order') return ORDER_SLACK;
  return { message_html: `*${TEXT[family].title}*\n${TEXT[family].body}{% if link %}<{{ link }}|Open it>{% endif %}` };
}

export function teamsTemplates(family: Family): Record<string, string> {
  if (family === 'order') return ORDER_TEAMS;
  return { title: TEXT[family].title, text: `${TEXT[family].body}${LINK}` };
}

export function discordTemplates(family: Family): Record<string, string> {
  if (family === 'order') return ORDER_DISCORD;
  return { message: `**${TEXT[family].title}**\n${TEXT[family].body}{% if link %}<{{ link }}>{% endif %}` };
}

/** A Trello card or an Asana task: a title, and a description ending with the link back. */
export function taskTemplates(family: Family): Record<string, string> {
  return { title: TEXT[family].title, description: `${TEXT[family].body}${LINK}` };
}

export function clinchpadTemplates(family: Family): Record<string, string> {
  if (family === 'order') return ORDER_CLINCHPAD;
  const lead = family === 'ticket' ? '{{ ticket.subject }} ({{ person.name | default: person.email }})' : '{{ person.name | default: person.email }}';
  return { lead, note: `${TEXT[family].title}\n${TEXT[family].body}${LINK}` };
}

/** Salesforce: the note added to the contact or lead. */
export function salesforceTemplates(family: Family): Record<string, string> {
  return family === 'person' ? {} : { noteTitle: TEXT[family].title, note: `${TEXT[family].body}${LINK}` };
}

/** Spreadsheet rows: "columns" lists the default titles, "column:<title>" fills each. */
export function rowTemplates(family: Family): Record<string, string> {
  if (family === 'order') return ORDER_ROW;
  if (family === 'payment') return PAYMENT_ROW;
  const date = { 'column:Date': '{{ event.occurredAt | slice: 0, 10 }}' };
  const who = {
    'column:Name': '{{ person.name }}',
    'column:Email': '{{ person.email }}',
    'column:Phone': '{{ person.phone }}',
    'column:Company': '{{ person.company }}',
  };
  const common = { 'column:Source': '{{ source }}', 'column:Summary': '{{ summary }}', 'column:Link': '{{ link }}' };
  if (family === 'person') return { columns: 'Date, Name, Email, Phone, Company, Source', ...date, ...who, ...common };
  if (family === 'form')
    return {
      columns: 'Date, Name, Email, Phone, Message, Form',
      ...date,
      ...who,
      ...common,
      'column:Message': '{{ form.message }}',
      'column:Form': '{{ form.name }}',
    };
  if (family === 'ticket') {
    return {
      columns: 'Date, Ticket, Subject, Requester, Email, Priority, Status, Link',
      ...date,
      ...who,
      ...common,
      'column:Ticket': '{{ ticket.number }}',
      'column:Subject': '{{ ticket.subject }}',
      'column:Requester': '{{ person.name }}',
      'column:Priority': '{{ ticket.priority }}',
      'column:Status': '{{ ticket.status }}',
    };
  }
  return { columns: 'Date, Source, Event, Summary, Email', ...date, ...who, ...common, 'column:Event': '{{ event.platformEvent }}' };
}

/** The column titles a family's row can have, for the "Columns" field. */
export function rowColumns(family: Family): string[] {
  return Object.keys(rowTemplates(family))
    .filter((k) => k.startsWith('column:'))
    .map((k) => k.slice('column:'.length));
}

/** "Any event → your API": a JSON body per family, written as Liquid (values land JSON-safe, json-template.ts). */
export function apiBodyTemplates(family: Family): Record<string, string> {
  const bodies: Record<Family, string> = {
    order: `{
  "order": "{{ order.number }}",
  "total": {{ order.total }},
  "currency": "{{ order.currency }}",
  "customer": { "name": "{{ person.name }}", "email": "{{ person.email }}" },
  "items": {{ order.lineItems }}
}`,
    payment: `{
  "payment": "{{ order.number }}",
  "amount": {{ order.total }},
  "currency": "{{ order.currency }}",
  "email": "{{ person.email }}"
}`,
    person: `{
  "name": "{{ person.name }}",
  "email": "{{ person.email }}",
  "phone": "{{ person.phone }}",
  "company": "{{ person.company }}"
}`,
    form: `{
  "name": "{{ person.name }}",
  "email": "{{ person.email }}",
  "phone": "{{ person.phone }}",
  "message": "{{ form.message }}"
}`,
    ticket: `{
  "ticket": "{{ ticket.id }}",
  "subject": "{{ ticket.subject }}",
  "priority": "{{ ticket.priority }}",
  "status": "{{ ticket.status }}",
  "requester": { "name": "{{ person.name }}", "email": "{{ person.email }}" },
  "link": "{{ link }}"
}`,
    anything: `{
  "event": "{{ event.type }}",
  "platform": "{{ source }}",
  "summary": "{{ summary }}",
  "data": {{ event.data }}
}`,
  };
  return { body_json: bodies[family] };
}
