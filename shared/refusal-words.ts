import type { PlatformIntake } from './platform-intake.ts';
import { BROKEN_AFTER } from './platform-intake.ts';
import { isSourceId, platform, platformTitle } from './sources.ts';

/** Refusals that mean the key saved in Hooktray is not the platform's (or is missing). */
const KEY_CODES: ReadonlySet<string> = new Set(['bad_signature', 'no_secret']);

/** What a refusal needs to be told in words. */
export type RefusalFacts = { source: string; code: string; message: string };

const possessive = (title: string) => `${title}’${title.endsWith('s') ? '' : 's'}`;

/**
 * Why a delivery was refused, in one sentence an owner can act on. A key that did not match (or
 * is missing) is said with the platform's own words and page (shared/platforms.ts); anything else
 * is already said plainly by the check that refused it.
 */
export function refusalReason(r: RefusalFacts): string {
  const key = isSourceId(r.source) ? platform(r.source).key : undefined;
  if (!key || !KEY_CODES.has(r.code)) return r.message;
  const title = platformTitle(r.source);
  const it = key.many ? 'them' : 'it';
  if (r.code === 'no_secret')
    return `${possessive(title)} ${key.name} ${key.many ? 'are' : 'is'} not saved in Hooktray, so its deliveries cannot be checked: copy ${it} from ${key.page} into Hooktray → Settings → ${title}.`;
  return `${possessive(title)} signature did not match the ${key.name} saved in Hooktray: copy ${it} again from ${key.page}.`;
}

/** What to do about a platform whose deliveries keep being refused, said after what is wrong. */
export function brokenWords(intake: PlatformIntake): { headline: string; fix: string } {
  const title = platformTitle(intake.source);
  const things = isSourceId(intake.source) ? platform(intake.source).things.many : 'deliveries';
  const headline = `${title} is not getting through: the last ${Math.max(intake.refusedInARow, BROKEN_AFTER)} ${things} it sent were all refused.`;
  const fix = intake.lastRefusal ? refusalReason({ source: intake.source, ...intake.lastRefusal }) : `Check ${title}’s settings in Hooktray → Settings.`;
  return { headline, fix };
}
