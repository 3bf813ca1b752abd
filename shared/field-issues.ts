/**
 * A refused value, told where the owner typed it: the window puts the message under that field
 * (aria-invalid, aria-describedby) and a sentence that names the field next to the Save button.
 * No internal paths reach the owner: `recipes[0].settings.to[1]` is "the second address under
 * Send to", `sources.stripe.secret` is "Stripe's signing secret".
 */
export interface FieldIssue {
  /**
   * The field as the window names its inputs: "smtp.host", "sources.stripe.secret",
   * "sources.shopify.api.clientId", "settings.to", "templates.subject", "filter[0].value".
   */
  field: string;
  /** For a list typed into one field (the addresses under To): which item, from 0. */
  item?: number;
  /** What is wrong and what to do, as shown under the field: "This is an API key, not …". */
  message: string;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/** 0 → "first", 11 → "12th". */
export function ordinal(index: number): string {
  if (index < ORDINALS.length) return ORDINALS[index]!;
  const n = index + 1;
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** A rule's message continues a subject ("is empty: …", "must be …") or stands alone ("add …", "use …"). */
const CONTINUES = /^(is|are|must|needs|has|does|cannot|can't|contains)\b/;

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A rule's message as shown under its field: "is empty: …" → "This is empty: …", "add …" → "Add …". */
export function atField(message: string, subject = 'this'): string {
  return CONTINUES.test(message) ? `${capital(subject)} ${message}` : capital(message);
}

/** A rule's message in a sentence that names the field: "Stripe's signing secret is an API key, …". */
export function naming(subject: string | undefined, message: string): string {
  if (!subject) return capital(message);
  // A path ("filter[1].value") stays as written: the window turns it into the row's words.
  const named = /\s/.test(subject) ? capital(subject) : subject;
  return CONTINUES.test(message) ? `${named} ${message}` : `${named}: ${message}`;
}

/** A path as the settings file writes it: ["recipes", 0, "settings", "to", 1] → "recipes[0].settings.to[1]". */
export function formatPath(parts: readonly (string | number)[]): string {
  return parts.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

/** How a field is named in words, and where it is in the window. */
export interface FieldName {
  field: string;
  item?: number;
  /** "Stripe's signing secret", "the second address under Send to"; undefined: the message stands alone. */
  subject?: string;
  /** The subject under the field itself: "the second address" (default "this"). */
  here?: string;
}

/** Issues as the window shows them: one per field (the first), and the sentences that name them. */
export function fieldIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  name: (path: (string | number)[]) => FieldName,
): { fields: FieldIssue[]; message: string } {
  const fields: FieldIssue[] = [];
  const sentences: string[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const where = name(path);
    const sentence = naming(where.subject, issue.message);
    if (!sentences.includes(sentence)) sentences.push(sentence);
    if (fields.some((f) => f.field === where.field && f.item === where.item)) continue;
    fields.push({ field: where.field, ...(where.item !== undefined ? { item: where.item } : {}), message: atField(issue.message, where.here) });
  }
  return {
    fields,
    message: sentences
      .slice(0, 5)
      .map((s) => (/[.!?]$/.test(s) ? s : `${s}.`))
      .join(' '),
  };
}
