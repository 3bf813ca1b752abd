import { PLATFORMS, type Platform, type PlatformField } from './platforms.ts';

/** Every platform Hooktray can receive webhooks from (shared/platforms.ts). The id is the URL segment: /h/<id>/<token>. */
export type SourceId = keyof typeof PLATFORMS;
export const SOURCE_IDS = Object.keys(PLATFORMS) as [SourceId, ...SourceId[]];

/** The platforms whose missed orders can be fetched through their API (they have `api` fields). */
export type CatchUpSourceId = { [K in SourceId]: (typeof PLATFORMS)[K] extends { api: unknown } ? K : never }[SourceId];
export const CATCH_UP_SOURCE_IDS = SOURCE_IDS.filter((id) => 'api' in PLATFORMS[id]) as CatchUpSourceId[];

export function platform(id: SourceId): Platform {
  return PLATFORMS[id];
}

/** A platform's name for the owner; an id we do not know is shown as it is. */
export function platformTitle(id: string): string {
  return isSourceId(id) ? PLATFORMS[id].title : id;
}

/** A field as a sentence names it: "Consumer secret (cs_…)" → "consumer secret", "Admin API access token" kept as written. */
export function fieldWords(field: PlatformField): string {
  return field.label.replace(/\s*\(.*\)$/, '').replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase());
}

/** Every field of a platform, the API credentials' included, with where it is kept under sources.<id>. */
export function platformFields(id: SourceId): { field: PlatformField; path: readonly string[] }[] {
  const p = platform(id);
  return [...p.fields.map((field) => ({ field, path: [field.key] })), ...(p.api?.fields ?? []).map((field) => ({ field, path: ['api', field.key] }))];
}

export function isSourceId(value: string): value is SourceId {
  return Object.hasOwn(PLATFORMS, value);
}

/** The keys of a platform's values that are secrets, at their place in the settings ("secret", "api.accessToken"). */
export function secretFieldPaths(id: SourceId): string[][] {
  return platformFields(id)
    .filter(({ field }) => field.secret)
    .map(({ path }) => [...path]);
}

/** Every key any platform keeps a secret under (its own values or its API credentials). */
export const PLATFORM_SECRET_KEYS: ReadonlySet<string> = new Set(
  SOURCE_IDS.flatMap((id) =>
    platformFields(id)
      .filter(({ field }) => field.secret)
      .map(({ field }) => field.key),
  ),
);

/** Plain-language setup help a UI can show next to a source's URL. */
export interface SourceGuide {
  source: SourceId;
  title: string;
  /** Steps in order, for an owner who has never heard the word webhook. */
  steps: string[];
  /** Text the steps ask the owner to paste into the platform (a request body). */
  paste?: { label: string; text: string }[];
  /** What the owner must copy into Hooktray, if anything (e.g. the signing secret). */
  secretLabel?: string;
}
