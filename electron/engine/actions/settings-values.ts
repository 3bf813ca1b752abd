import { z } from 'zod';

/** A list the window sends as text ("a, b") and a settings file may hold as an array: an array either way. */
export const commaList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  z.array(z.string().trim().min(1).max(100)).max(50, 'at most 50'),
);

/** "Due in N days": a whole number the window sends as text. */
export const dueDays = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value === '' ? undefined : value),
  z.number({ error: 'give a number of days, e.g. 2' }).int('give a whole number of days').min(0).max(365).optional(),
);

/** A due date `days` after the event, as YYYY-MM-DD. */
export function dueDate(occurredAt: string, days: number): string {
  const at = Date.parse(occurredAt);
  return new Date((Number.isFinite(at) ? at : Date.now()) + days * 86_400_000).toISOString().slice(0, 10);
}
