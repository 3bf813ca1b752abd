import { filterOpTakesValue, NUMERIC_FILTER_OPS, type FilterOp, type RecipeFilterCondition, type RecipeTrigger } from '../../shared/recipes.ts';

/** A field an owner can pick in "Only when…", in their words, and the event field it reads. */
export interface FilterField {
  label: string;
  field: string;
}

const ORDER: FilterField[] = [
  { label: 'Order total', field: 'order.total' },
  { label: 'Currency', field: 'order.currency' },
  { label: 'Customer email', field: 'person.email' },
  { label: 'Customer name', field: 'person.name' },
];
const PAYMENT: FilterField[] = [
  { label: 'Amount paid', field: 'order.total' },
  { label: 'Currency', field: 'order.currency' },
  { label: 'Customer email', field: 'person.email' },
];
const CONTACT: FilterField[] = [
  { label: 'Email', field: 'person.email' },
  { label: 'Name', field: 'person.name' },
  { label: 'Company', field: 'person.company' },
];
const TICKET: FilterField[] = [
  { label: 'Priority', field: 'ticket.priority' },
  { label: 'Status', field: 'ticket.status' },
  { label: 'Subject', field: 'ticket.subject' },
  { label: 'Requester email', field: 'person.email' },
];
const FORM: FilterField[] = [
  { label: 'Message', field: 'form.message' },
  { label: 'Email', field: 'person.email' },
  { label: 'Form', field: 'form.name' },
];
/** What only one platform sends: Shopify's order and customer tags, ClinchPad's pipeline and stage. */
const BY_SOURCE: Partial<Record<RecipeTrigger['source'], FilterField[]>> = {
  shopify: [{ label: 'Tags', field: 'event.data.tags' }],
  woocommerce: [{ label: 'Order status', field: 'order.status' }],
  clinchpad: [
    { label: 'Pipeline', field: 'event.data.lead.pipe.name' },
    { label: 'Stage', field: 'event.data.lead.stage.name' },
  ],
  any: [{ label: 'Platform', field: 'source' }],
  generic: [{ label: 'Event name', field: 'event.platformEvent' }],
};

/** The short list of fields for a recipe's trigger; anything else is "Other field". */
export function filterFieldsFor(trigger: RecipeTrigger): FilterField[] {
  const events = trigger.events;
  const lists = events.includes('*')
    ? [ORDER, CONTACT]
    : [
        events.some((e) => e.startsWith('order.')) ? ORDER : [],
        events.includes('payment.succeeded') ? PAYMENT : [],
        events.some((e) => e.startsWith('ticket.')) ? TICKET : [],
        events.includes('form.submitted') ? FORM : [],
        events.some((e) => !e.startsWith('order.') && !e.startsWith('ticket.') && e !== 'payment.succeeded' && e !== 'form.submitted') ? CONTACT : [],
      ];
  const all = [...lists.flat(), ...(BY_SOURCE[trigger.source] ?? [])];
  return all.filter((f, i) => all.findIndex((g) => g.field === f.field) === i);
}

/** The operators the wizard offers, in words; the others (from a settings file) are shown when a condition uses them. */
export const OP_WORDS: Record<FilterOp, string> = {
  equals: 'is',
  'not-equals': 'is not',
  contains: 'contains',
  '>=': 'is at least',
  '<=': 'is at most',
  exists: 'is filled in',
  '>': 'is more than',
  '<': 'is less than',
  missing: 'is empty',
};
export const OFFERED_OPS: readonly FilterOp[] = ['equals', 'not-equals', 'contains', '>=', '<=', 'exists'];
export const takesValue = filterOpTakesValue;

/** One row of the wizard's "Only when…": a known field or "Other field" with its typed name. */
export interface FilterRow {
  field: string;
  other: string;
  op: FilterOp;
  value: string;
}
export const OTHER_FIELD = '';

export function rowsOf(conditions: readonly RecipeFilterCondition[] | undefined, fields: readonly FilterField[]): FilterRow[] {
  return (conditions ?? []).map((c) => {
    const known = fields.some((f) => f.field === c.field);
    return { field: known ? c.field : OTHER_FIELD, other: known ? '' : c.field, op: c.op, value: c.value === undefined ? '' : String(c.value) };
  });
}

/** The rows as the recipe's filter: numbers for number comparisons, text as typed, no value where none is needed. */
export function conditionsOf(rows: readonly FilterRow[]): RecipeFilterCondition[] {
  return rows.map((row) => {
    const field = row.field === OTHER_FIELD ? row.other.trim() : row.field;
    if (!takesValue(row.op)) return { field, op: row.op };
    const value = row.value.trim();
    const number = Number(value);
    return { field, op: row.op, value: NUMERIC_FILTER_OPS.includes(row.op) && value !== '' && Number.isFinite(number) ? number : value };
  });
}

/** "only when Order total is at least 100 and Tags contains wholesale", for a recipe's card. */
export function describeFilter(conditions: readonly RecipeFilterCondition[] | undefined, trigger: RecipeTrigger | undefined): string {
  if (!conditions?.length) return '';
  const fields = trigger ? filterFieldsFor(trigger) : [];
  const parts = conditions.map((c) => {
    const label = fields.find((f) => f.field === c.field)?.label ?? c.field;
    return [label, OP_WORDS[c.op], ...(c.value === undefined ? [] : [String(c.value)])].join(' ');
  });
  return `only when ${parts.join(' and ')}`;
}

/** An engine message about filter[1].value, as the wizard numbers its rows: "Condition 2, value: …". */
export const rowWords = (message: string) =>
  message.replace(/filter\[(\d+)\]\.?(\w*)/g, (_, i: string, key: string) => `Condition ${Number(i) + 1}${key ? `, ${key}` : ''}`);
