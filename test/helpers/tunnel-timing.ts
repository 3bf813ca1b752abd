import type { TunnelTiming } from '../../electron/engine/tunnel/tunnel-supervisor.ts';

/** The tunnel's timers shortened, so tests against a local relay reconnect in a moment rather than minutes. */
export const FAST_TUNNEL: Partial<TunnelTiming> = {
  openTimeoutMs: 3000,
  probeIntervalMs: 400,
  probeTimeoutMs: 1000,
  probeFailures: 1,
  baseDelayMs: 200,
  maxDelayMs: 800,
  sameNameTries: 2,
  sameNameWaitMs: 300,
};
