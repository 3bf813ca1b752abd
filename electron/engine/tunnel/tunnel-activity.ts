import type { ActivityEntry } from '../../../shared/activity.ts';
import type { TunnelStatus } from '../../../shared/tunnel.ts';

/** The activity-log line for a tunnel status, or undefined when nothing worth telling changed. */
export function tunnelActivity(status: TunnelStatus, previous: TunnelStatus | undefined, server: string): Pick<ActivityEntry, 'level' | 'text'> | undefined {
  if (previous && previous.state === status.state && (status.state !== 'reconnecting' || (previous.state === 'reconnecting' && previous.reason === status.reason))) {
    return undefined;
  }
  switch (status.state) {
    case 'connecting':
      return { level: 'info', text: `Connecting the public URL through ${server}…` };
    case 'online':
      return status.urlChanged
        ? { level: 'error', text: `Your public URL changed to ${status.url} because ${server} would not give the old one back. Paste the new URL into Shopify and your other platforms, or their webhooks will not arrive.` }
        : { level: 'success', text: `Public URL online: ${status.url}` };
    case 'reconnecting':
      return { level: 'warning', text: `The public URL is down (${status.reason}). Webhooks wait at the platforms and are retried; Hooktray tries again at ${new Date(status.nextTryAt).toLocaleTimeString()}.` };
    case 'offline':
      return { level: 'info', text: `Public URL off: ${status.reason}` };
  }
}
