import { z } from 'zod';
import { PLATFORMS, type Platform, type PlatformField, type TogetherRule } from './platforms.ts';
import { CATCH_UP_SOURCE_IDS, fieldWords, SOURCE_IDS, type CatchUpSourceId, type SourceId } from './sources.ts';

/**
 * The settings file's `sources` part and the settings window's arguments, derived from the one
 * description of each platform (shared/platforms.ts), so the file, the window and the engine
 * refuse the same values with the same words.
 */

/**
 * One value as entered: text without the spaces and line breaks a paste brings along, not
 * empty, an address where one is wanted, and none of the values known to be wrong.
 */
function valueSchema(field: PlatformField) {
  return z
    .string({ error: `must be text: ${field.what}` })
    .trim()
    .min(1, `is empty: enter ${field.what}, or leave it out`)
    .superRefine((value, ctx) => {
      if (field.url && !/^https?:\/\/[^\s/]+/.test(value)) ctx.addIssue({ code: 'custom', message: `use ${field.what}` });
      for (const { pattern, message } of field.refuse ?? []) if (pattern.test(value)) ctx.addIssue({ code: 'custom', message });
    });
}

type Values = Record<string, unknown>;
type Issue = { path: string[]; message: string };

function togetherIssues(groups: readonly TogetherRule[] | undefined, fields: readonly PlatformField[], values: Values): Issue[] {
  const what = (key: string) => fields.find((f) => f.key === key)?.what ?? key;
  // By their names in the window ("the webhook ID and client ID"): the path before the message names the key.
  const named = (keys: string[]) =>
    `the ${keys
      .map((key) => {
        const f = fields.find((x) => x.key === key);
        return f ? fieldWords(f) : key;
      })
      .join(' and ')}`;
  const issues: Issue[] = [];
  for (const group of groups ?? []) {
    const given = group.filter((key) => values[key] !== undefined);
    if (given.length === 0 || given.length === group.length) continue;
    for (const key of group.filter((k) => values[k] === undefined)) {
      issues.push({ path: [key], message: `is needed with ${named(given)}: add ${what(key)}, or remove ${named(given)}` });
    }
  }
  return issues;
}

/** A group of values as one object: each known field checked, unknown keys kept (apiBaseUrl, a proxy), the rules between them applied. */
function groupSchema(fields: readonly PlatformField[], extra: z.core.$ZodLooseShape, rules: (values: Values) => Issue[]) {
  const shape: z.core.$ZodLooseShape = { ...extra };
  for (const field of fields) shape[field.key] = valueSchema(field).optional();
  return z.looseObject(shape).superRefine((values, ctx) => {
    for (const { path, message } of rules(values)) ctx.addIssue({ code: 'custom', path, message });
  });
}

/** sources.<id>.api: `{}` is "not connected"; given, it must be complete. Whether the platform accepts it is only known when asked. */
function apiSchema(p: Platform) {
  const api = p.api!;
  return groupSchema(api.fields, {}, (values) => {
    if (Object.keys(values).length === 0) return [];
    const missing = api.fields.filter((f) => f.required && values[f.key] === undefined).map((f) => ({ path: [f.key], message: `add ${f.what}` }));
    const oneOf = api.oneOf && !api.oneOf.groups.flat().some((key) => values[key] !== undefined) ? [{ path: [], message: api.oneOf.message }] : [];
    return [...missing, ...togetherIssues(api.together, api.fields, values), ...oneOf];
  });
}

/** sources.<id>: the values that prove a delivery genuine, and the optional API credentials. */
function sourceSchema(p: Platform) {
  const extra: z.core.$ZodLooseShape = p.api ? { api: apiSchema(p).optional() } : {};
  const reads = (key: string) => p.fields.some((f) => f.key === key);
  return groupSchema(p.fields, extra, (values) => [
    ...togetherIssues(p.together, p.fields, values),
    // A `secret` that the platform never reads looks like protection and is none.
    ...(p.noSecret && !reads('secret') && values.secret !== undefined ? [{ path: ['secret'], message: p.noSecret }] : []),
  ]);
}

type SourceSchema = ReturnType<typeof sourceSchema>;

/** The settings file's `sources`: one entry per platform, each optional; an unknown platform is an error naming it. */
export const sourcesSettingsSchema = z
  .strictObject(Object.fromEntries(SOURCE_IDS.map((id) => [id, sourceSchema(PLATFORMS[id]).optional()])) as { [K in SourceId]: z.ZodOptional<SourceSchema> })
  .default({} as never);

/** A value typed in the window: "" keeps a stored secret (clears any other value), null removes it. */
const TYPED = z.string().max(4000).nullable().optional();
const typedValues = (fields: readonly PlatformField[]) => z.strictObject(Object.fromEntries(fields.map((f) => [f.key, TYPED])));

/** settings.update's `sources`: per platform, exactly the keys it reads. */
export const sourcesUpdateSchema = z.strictObject(
  Object.fromEntries(SOURCE_IDS.map((id) => [id, typedValues(PLATFORMS[id].fields).optional()])) as {
    [K in SourceId]: z.ZodOptional<ReturnType<typeof typedValues>>;
  },
);

/** settings.update's `api`: catch-up credentials per platform, merged like the values above; null disconnects. */
export const apiUpdateSchema = z.strictObject(
  Object.fromEntries(CATCH_UP_SOURCE_IDS.map((id) => [id, typedValues(PLATFORMS[id].api.fields).nullable().optional()])) as {
    [K in CatchUpSourceId]: z.ZodOptional<z.ZodNullable<ReturnType<typeof typedValues>>>;
  },
);
