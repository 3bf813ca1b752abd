import type { HooktrayEvent } from '../../../shared/events.ts';

/** Enough for a long order's items; bounded so one delivery cannot bloat the index. */
export const SEARCH_TEXT_MAX = 2000;

/**
 * Keys of the platform's own payload an owner types when looking for a customer, whatever the
 * platform calls the rest: billing_address.city (Shopify), billing.city (WooCommerce),
 * customer_details.address.city and business_name (Stripe), a line item's sku.
 */
const PAYLOAD_KEYS = new Set(['city', 'town', 'company', 'company_name', 'business_name', 'organization', 'organisation', 'sku']);
/** How far into the payload, and how many values, the walk looks: a hostile body stays cheap. */
const MAX_DEPTH = 5;
const MAX_NODES = 2000;

/**
 * What the activity search finds an event by: its summary, the person (name, email, phone also as
 * digits alone, company), the order (number with and without "#", items' titles and SKUs), the
 * help-desk ticket (number, subject), the website form's fields, and the cities, companies and
 * SKUs anywhere in the payload. One line of text, the same for every
 * platform; the trigram index (or a plain scan) matches any part of it.
 */
export function searchText(event: HooktrayEvent): string {
  const parts: unknown[] = [event.summary];
  const p = event.person;
  if (p) parts.push(p.name, p.firstName, p.lastName, p.email, p.company, p.phone, digitsOf(p.phone));
  const o = event.order;
  if (o) {
    parts.push(o.number, o.number?.replace(/^#/, ''), o.id);
    for (const item of (o.lineItems ?? []).slice(0, 100)) parts.push(item?.title, item?.sku);
  }
  const t = event.ticket;
  if (t) parts.push(t.number, t.number?.replace(/^#/, ''), t.id, t.subject);
  // A form's fields as sent (the city, the company, what the visitor asked), a bounded few.
  const f = event.form;
  if (f) parts.push(f.name, ...Object.values(f.fields ?? {}).slice(0, 50));
  payloadValues(event.data, parts);
  const seen = new Set<string>();
  let text = '';
  for (const part of parts) {
    if (typeof part !== 'string') continue;
    const value = part.replace(/\s+/g, ' ').trim();
    const key = value.toLowerCase();
    if (!value || seen.has(key) || text.toLowerCase().includes(key)) continue;
    seen.add(key);
    text = text ? `${text} ${value}` : value;
    if (text.length >= SEARCH_TEXT_MAX) break;
  }
  return text.slice(0, SEARCH_TEXT_MAX);
}

/** "+49 30 1234567" → "49301234567", so "0301234567" typed without spaces still matches part of it. */
function digitsOf(phone: string | undefined): string | undefined {
  const digits = phone?.replace(/\D/g, '');
  return digits && digits.length >= 5 && digits !== phone ? digits : undefined;
}

function payloadValues(data: unknown, out: unknown[]): void {
  let nodes = 0;
  const walk = (value: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || value === null || typeof value !== 'object' || ++nodes > MAX_NODES) return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === 'string' && PAYLOAD_KEYS.has(key.toLowerCase())) out.push(child);
      else walk(child, depth + 1);
    }
  };
  walk(data, 0);
}
