import type { LineItem, OrderInfo, Person } from '../../../shared/events.ts';

/** Small readers for untrusted payloads: they never throw and never invent data. */
export type Json = Record<string, unknown>;

export function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * A site address taken from a header no signature covers (X-WC-Webhook-Source, X-Origin-Base-URL),
 * as a base ending in "/", or undefined unless it is an http(s) URL: it ends up in links in
 * emails, where `javascript:` or `data:` must never go.
 */
export function siteBase(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return undefined;
  return `${url.origin}${url.pathname.replace(/\/?$/, '/')}`;
}

export function joinName(first?: string, last?: string): string | undefined {
  return [first, last].filter(Boolean).join(' ') || undefined;
}

/** Drops empty fields so templates can test `{% if person.phone %}`. */
export function person(fields: Person): Person | undefined {
  const entries = Object.entries(fields).filter(([, v]) => typeof v === 'string' && v.length > 0);
  return entries.length ? (Object.fromEntries(entries) as Person) : undefined;
}

export function lineItem(title: unknown, quantity: unknown, price?: unknown, sku?: unknown): LineItem {
  const q = Number(quantity);
  const item: LineItem = { title: str(title) ?? 'Item', quantity: Number.isFinite(q) && q > 0 ? q : 1 };
  const p = str(price);
  const s = str(sku);
  if (p) item.price = p;
  if (s) item.sku = s;
  return item;
}

export function isoTime(value: unknown, fallback: number): string {
  const text = str(value);
  const ms = text ? Date.parse(text) : NaN;
  return new Date(Number.isFinite(ms) ? ms : fallback).toISOString();
}

/**
 * A GMT time written without a zone, as WooCommerce's `*_gmt` fields are ("2026-03-01T08:12:00"),
 * in milliseconds; NaN when it is none. `Date.parse` would read it as the machine's local time.
 */
export function gmtMs(value: unknown): number {
  const text = str(value);
  if (!text) return NaN;
  return Date.parse(/(?:Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`);
}

/** "Order #1042 from Jane Doe, 49.90 EUR" without dangling commas when parts are missing. */
export function orderSummary(number: string, who: string | undefined, total?: string, currency?: string): string {
  const amount = total ? `, ${total}${currency ? ` ${currency}` : ''}` : '';
  return `Order ${number}${who ? ` from ${who}` : ''}${amount}`;
}

/**
 * Decimal places of Stripe's minor units, from Stripe's own table (not Intl: its digits differ
 * for ISK and HUF, which Stripe counts in hundredths). Two unless listed.
 */
const ZERO_DECIMAL = ['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'];
const THREE_DECIMAL = ['BHD', 'JOD', 'KWD', 'OMR', 'TND'];
const MINOR_DIGITS: ReadonlyMap<string, number> = new Map([...ZERO_DECIMAL.map((c) => [c, 0] as const), ...THREE_DECIMAL.map((c) => [c, 3] as const)]);

/** How many decimals a currency's minor unit has in Stripe amounts (JPY 0, EUR 2, KWD 3). */
export function minorUnitDigits(currency: string | undefined): number {
  return MINOR_DIGITS.get(currency?.toUpperCase() ?? '') ?? 2;
}

/** Minor units to a decimal string: (4990, "eur") → "49.90", (12340, "kwd") → "12.340"; never through a float. */
export function fromMinorUnits(amount: unknown, currency: string | undefined): string | undefined {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) return undefined;
  const places = minorUnitDigits(currency);
  if (places === 0) return String(amount);
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.abs(amount)).padStart(places + 1, '0');
  return `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** An order as events carry it; line items read from `title` or `name`, as platforms differ. */
export function orderInfo(fields: { id: string; number: string; total?: string; currency?: string; status?: string; items: unknown }): OrderInfo {
  return {
    id: fields.id,
    number: fields.number,
    ...(fields.total ? { total: fields.total } : {}),
    ...(fields.currency ? { currency: fields.currency } : {}),
    ...(fields.status ? { status: fields.status } : {}),
    lineItems: list(fields.items).map((raw) => {
      const item = obj(raw);
      return lineItem(item.title ?? item.name, item.quantity, item.price, item.sku);
    }),
  };
}
