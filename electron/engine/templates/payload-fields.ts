/** At most this many fields are listed; the rest are counted in a last line. */
export const MAX_FIELDS = 50;
/** A nested value is shown as compact JSON, cut at this many characters. */
const MAX_VALUE_CHARS = 500;

export interface PayloadField {
  name: string;
  value: string;
}

/**
 * A payload's top-level fields as name/value text, for templates that list what an app sent
 * without knowing its shape ({% for field in fields %}). Nested objects and lists are shown as
 * compact JSON, long values cut, and a payload with very many fields ends with a count of the rest.
 */
export function payloadFields(payload: unknown): PayloadField[] {
  if (typeof payload !== 'object' || payload === null) return payload === undefined ? [] : [{ name: 'value', value: shown(payload) }];
  const entries = Array.isArray(payload) ? payload.map((v, i) => [String(i), v] as const) : Object.entries(payload);
  const fields = entries.slice(0, MAX_FIELDS).map(([name, value]) => ({ name, value: shown(value) }));
  if (entries.length > MAX_FIELDS) fields.push({ name: '…', value: `${entries.length - MAX_FIELDS} more fields not shown` });
  return fields;
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}
