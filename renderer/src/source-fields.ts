import type { PlatformApi, PlatformField } from '../../shared/platforms.ts';
import { CATCH_UP_SOURCE_IDS, platform, SOURCE_IDS, type CatchUpSourceId, type SourceId } from '../../shared/sources.ts';

/** The window's forms, read from each platform's one description (shared/platforms.ts). */
export type SourceField = PlatformField;
export type CatchUpGroup = PlatformApi;

/** Platforms with values to enter (sources.<id>), in the order the platforms are listed. */
export const SIGNED_SOURCES: readonly SourceId[] = SOURCE_IDS.filter((id) => platform(id).fields.length > 0);

export function sourceFields(id: SourceId): readonly SourceField[] {
  return platform(id).fields;
}

export function isCatchUpSource(id: SourceId): id is CatchUpSourceId {
  return (CATCH_UP_SOURCE_IDS as readonly SourceId[]).includes(id);
}

export function catchUpGroup(id: CatchUpSourceId): CatchUpGroup {
  return platform(id).api!;
}

/** "the signature header and the secret", for what a Remove takes away: a value and the ones that only work with it. */
export function removedTogether(id: SourceId, field: SourceField): SourceField[] {
  const group = platform(id).together?.find((keys) => keys.includes(field.key)) ?? [field.key];
  return sourceFields(id).filter((f) => group.includes(f.key));
}
