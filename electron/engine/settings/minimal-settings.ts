/**
 * What to write back to an owner's settings file after a change from the window: what the file
 * said, with the changes made since, and none of the defaults the schema filled in. Keys keep
 * the file's order (new ones follow), so the owner still recognises their file.
 *
 * `raw` is the file as read, `before` the same parsed (defaults filled in), `after` the new
 * settings. A key the file did not have is written only when its value differs from the
 * default it had; inside it, again only what differs.
 */
export function minimalSettings(raw: unknown, before: unknown, after: unknown): unknown {
  if (isPlainObject(after)) return minimalObject(isPlainObject(raw) ? raw : undefined, isPlainObject(before) ? before : undefined, after);
  if (Array.isArray(after) && Array.isArray(raw)) return minimalList(raw, Array.isArray(before) ? before : [], after);
  return after;
}

type Obj = Record<string, unknown>;

function minimalObject(raw: Obj | undefined, before: Obj | undefined, after: Obj): Obj {
  const out: Obj = {};
  const keys = [...Object.keys(raw ?? {}).filter((k) => k in after), ...Object.keys(after).filter((k) => !raw || !(k in raw))];
  for (const key of keys) {
    const value = after[key];
    if (value === undefined) continue;
    if (raw && key in raw) out[key] = minimalSettings(raw[key], before?.[key], value);
    else if (!before || !sameValue(before[key], value)) out[key] = minimalSettings(undefined, before?.[key], value);
  }
  return out;
}

/** Entries are matched by their id (recipes: `id`, else `recipe`) or, without one, by position. */
function minimalList(raw: unknown[], before: unknown[], after: unknown[]): unknown[] {
  return after.map((entry, i) => {
    const id = identity(entry);
    const j = id === undefined ? (i < raw.length ? i : -1) : raw.findIndex((r) => identity(r) === id);
    return j >= 0 ? minimalSettings(raw[j], before[j], entry) : entry;
  });
}

function identity(entry: unknown): string | undefined {
  if (!isPlainObject(entry)) return undefined;
  const id = entry.id ?? entry.recipe;
  return typeof id === 'string' ? id : undefined;
}

function isPlainObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
