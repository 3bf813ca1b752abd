import type { RunStatus } from '../../shared/runs.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';

/** Run states in the owner's words. */
export const STATUS_WORDS: Record<RunStatus, string> = {
  queued: 'waiting',
  running: 'working on it',
  retrying: 'will try again',
  succeeded: 'done',
  failed: 'failed',
};

export const ORIGIN_WORDS = { webhook: '', relay: 'kept by your relay while away', 'catch-up': 'fetched after time offline', test: 'test' } as const;

export function tunnelWords(tunnel: TunnelStatus | undefined): string {
  if (!tunnel) return 'Checking the connection…';
  switch (tunnel.state) {
    case 'online':
      return 'Online: your platforms can reach Hooktray.';
    case 'connecting':
      return 'Connecting to the internet…';
    case 'reconnecting':
      return `Reconnecting. ${tunnel.reason} Next try at ${clock(tunnel.nextTryAt)}.`;
    case 'offline':
      return tunnel.reason;
  }
}

export const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
export const dayAndClock = (iso: string) => new Date(iso).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
