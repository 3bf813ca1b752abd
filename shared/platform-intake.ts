import type { SourceId } from './sources.ts';

/**
 * How a platform's deliveries have been going: when one was last received, when one was last
 * refused, and how many were refused since the last one received. The engine works it out from
 * the journal (deliveries that came from the platform itself: webhooks and what our relay kept;
 * tests and catch-up prove nothing about the platform's key); Home, the tray and the desktop
 * notifications read it through the one rule below.
 */
export interface PlatformIntake {
  source: SourceId;
  lastReceivedAt?: string;
  lastRefusedAt?: string;
  /** Refused since the last delivery received (all of them when none ever was). */
  refusedInARow: number;
  /** Why the newest refusal was refused, as the engine recorded it. */
  lastRefusal?: { code: string; message: string };
}

/** This many refusals in a row, and nothing received in between: every delivery is being lost. */
export const BROKEN_AFTER = 3;

/**
 * The one rule for a broken platform: its last BROKEN_AFTER deliveries were all refused. It stays
 * broken until a delivery is accepted again (the engine then counts from zero).
 */
export function isBroken(intake: Pick<PlatformIntake, 'refusedInARow'> | undefined): boolean {
  return (intake?.refusedInARow ?? 0) >= BROKEN_AFTER;
}

/** The broken platforms of a list, in its order. */
export function brokenPlatforms<T extends Pick<PlatformIntake, 'refusedInARow'>>(list: readonly T[]): T[] {
  return list.filter(isBroken);
}
