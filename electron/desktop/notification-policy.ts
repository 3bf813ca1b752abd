import type { RunNotice } from '../../shared/activity.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';

export interface DesktopNotification {
  title: string;
  body: string;
  /** What a click opens. */
  view: 'activity' | 'home';
}

/**
 * When to interrupt the owner: only for what needs them. A run that gave up (a retry will not
 * fix it by itself) and a changed public address (the platforms must be told). Retries, tests
 * and successes stay in the tray. At most one failure notice per recipe per quiet period, so a
 * dead mail server does not flood the screen.
 */
export class NotificationPolicy {
  private readonly quietMs: number;
  private readonly lastFailure = new Map<string, number>();
  private lastUrl: string | undefined;

  constructor(options: { quietMs?: number } = {}) {
    this.quietMs = options.quietMs ?? 10 * 60_000;
  }

  onRun(notice: RunNotice, recipeTitle: string, now = Date.now()): DesktopNotification | undefined {
    if (notice.status !== 'failed' || notice.test) return undefined;
    const last = this.lastFailure.get(notice.recipeId);
    if (last !== undefined && now - last < this.quietMs) return undefined;
    this.lastFailure.set(notice.recipeId, now);
    return { title: `${recipeTitle} failed`, body: `${notice.summary}: ${notice.error ?? 'it did not go through'}. Open Activity to retry it.`, view: 'activity' };
  }

  onTunnel(status: TunnelStatus): DesktopNotification | undefined {
    if (status.state !== 'online') return undefined;
    const previous = this.lastUrl;
    this.lastUrl = status.url;
    if (!status.urlChanged || previous === status.url) return undefined;
    return { title: 'Your public address changed', body: `Your shops must be told the new address (${status.url}), or their orders will not arrive. Open Hooktray to copy it for each one.`, view: 'home' };
  }
}
