import type { TunnelStatus } from './tunnel.ts';

/** One word for how Hooktray is doing: the tray icon and the window's status headline. */
export type Health = 'online' | 'reconnecting' | 'offline' | 'paused' | 'failures';

export interface HealthInput {
  paused: boolean;
  /** Runs that gave up and wait for the owner (Retry). */
  failedRuns: number;
  /** Platforms whose deliveries are all being refused (isBroken, shared/platform-intake.ts). */
  brokenPlatforms?: number;
  /** Absent when the host runs without a tunnel. */
  tunnel?: TunnelStatus;
}

/**
 * What the owner must know first: a broken platform (its deliveries are lost, paused or not),
 * then paused, then runs that gave up, then the connection.
 */
export function healthOf({ paused, failedRuns, brokenPlatforms = 0, tunnel }: HealthInput): Health {
  if (brokenPlatforms > 0) return 'failures';
  if (paused) return 'paused';
  if (failedRuns > 0) return 'failures';
  if (!tunnel || tunnel.state === 'online') return 'online';
  if (tunnel.state === 'offline') return 'offline';
  return 'reconnecting';
}

export const HEALTH_WORDS: Record<Health, string> = {
  online: 'Working',
  reconnecting: 'Reconnecting',
  offline: 'Local only',
  paused: 'Paused',
  failures: 'Needs your attention',
};
