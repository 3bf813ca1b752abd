import type { LogLine } from '../../../shared/log-line.ts';
import type { TunnelStatus } from '../../../shared/tunnel.ts';
import { clockTime } from '../../../shared/clock-time.ts';

/** The log line for a tunnel status, or undefined when nothing worth telling changed. */
export function tunnelActivity(
  status: TunnelStatus,
  previous: TunnelStatus | undefined,
  server: string,
): Pick<LogLine, 'level' | 'text' | 'detail'> | undefined {
  if (
    previous &&
    previous.state === status.state &&
    (status.state !== 'reconnecting' || (previous.state === 'reconnecting' && previous.reason === status.reason))
  ) {
    return undefined;
  }
  switch (status.state) {
    case 'connecting':
      return { level: 'info', text: `Connecting the public URL through ${server}…` };
    case 'online':
      return status.urlChanged
        ? {
            level: 'error',
            text: `Your public URL changed to ${status.url} because ${server} would not give the old one back. Paste the new URL into Shopify and your other platforms (Home shows each address), or their orders and updates will not reach Hooktray.`,
          }
        : { level: 'success', text: `Public URL online: ${status.url}` };
    case 'reconnecting':
      return {
        level: 'warning',
        text: `The public URL is down: ${status.reason} Until it is back, your shops cannot send their messages here; most send them again later. Hooktray tries again at ${clockTime(status.nextTryAt)}.`,
        ...(status.detail ? { detail: status.detail } : {}),
      };
    case 'offline':
      return { level: 'info', text: `Public URL off. ${status.reason}`, ...(status.detail ? { detail: status.detail } : {}) };
  }
}
