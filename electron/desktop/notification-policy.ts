import { platform } from '../../shared/sources.ts';
import { isSourceId } from '../../shared/sources.ts';
import { isBroken, type PlatformIntake } from '../../shared/platform-intake.ts';
import { refusalReason } from '../../shared/refusal-words.ts';
import type { Rejection, Run } from '../../shared/runs.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';
import type { WindowView } from './window.ts';

export interface DesktopNotification {
  title: string;
  body: string;
  /** What a click opens. */
  view: WindowView;
}

export interface PolicyOptions {
  /** One failure notice per recipe (and one refusal notice per platform) per this long. */
  quietMs?: number;
  /** How long the public address may be down before we say so. */
  downAfterMs?: number;
}

/** The platform as the owner knows it, and what it sends. */
export interface SourceWords {
  title: string;
  /** "orders", "payments", "leads"…; "messages" when unsure. */
  things?: string;
}

/** A platform as notifications name it: its title and what it mostly sends ("Shopify", "orders"). */
export function platformWords(source: string): SourceWords {
  return isSourceId(source) ? { title: platform(source).title, things: platform(source).things.many } : { title: source };
}

/**
 * When to interrupt the owner: only for what needs them. A run that gave up (a retry will not fix
 * it by itself), a changed public address (the platforms must be told), a platform whose
 * deliveries are all being refused (every order is lost until it is fixed), and a
 * public address that stays down (shops cannot reach us). Retries, tests, successes and single
 * refusals stay in the tray. Each kind is said once per quiet period, so nothing floods the screen.
 */
export class NotificationPolicy {
  private readonly quietMs: number;
  private readonly downAfterMs: number;
  private readonly lastFailure = new Map<string, number>();
  private lastUrl: string | undefined;
  private readonly lastRefusalNotice = new Map<string, number>();
  private downSince: number | undefined;
  private toldDown = false;

  constructor(options: PolicyOptions = {}) {
    this.quietMs = options.quietMs ?? 10 * 60_000;
    this.downAfterMs = options.downAfterMs ?? 5 * 60_000;
  }

  onRun(run: Run, recipeTitle: string, now = Date.now()): DesktopNotification | undefined {
    if (run.status !== 'failed' || run.test) return undefined;
    const last = this.lastFailure.get(run.recipeId);
    if (last !== undefined && now - last < this.quietMs) return undefined;
    this.lastFailure.set(run.recipeId, now);
    return {
      title: `${recipeTitle} failed`,
      body: `${run.summary}: ${run.lastError ?? 'it did not go through'}. Open Activity to retry it.`,
      view: 'activity',
    };
  }

  /**
   * One refusal as it is recorded (the live `refusal` event), with its platform's intake as the
   * engine has it now: speaks once the platform is broken (shared/platform-intake.ts, the rule Home
   * and the tray use), once per quiet period while it stays so.
   */
  onRefusal(r: Rejection, intake: PlatformIntake | undefined, words: (source: string) => SourceWords, now = Date.now()): DesktopNotification | undefined {
    if (!intake || intake.source !== r.source || !isBroken(intake)) return undefined;
    const last = this.lastRefusalNotice.get(r.source);
    if (last !== undefined && now - last < this.quietMs) return undefined;
    this.lastRefusalNotice.set(r.source, now);
    const { title, things = 'messages' } = words(r.source);
    return {
      title: `${title} ${things} are being refused`,
      body: `The last ${intake.refusedInARow} ${things} ${title} sent were refused. ${refusalReason(r)}`,
      view: 'settings',
    };
  }

  /** Every tunnel status, and a periodic look at the current one (an outage may stay silent). */
  onTunnel(status: TunnelStatus, now = Date.now()): DesktopNotification | undefined {
    return this.addressChanged(status) ?? this.outage(status, now);
  }

  private addressChanged(status: TunnelStatus): DesktopNotification | undefined {
    if (status.state !== 'online') return undefined;
    const previous = this.lastUrl;
    this.lastUrl = status.url;
    if (!status.urlChanged || previous === status.url) return undefined;
    return {
      title: 'Your public address changed',
      body: `Your shops must be told the new address (${status.url}), or their orders will not arrive. Open Hooktray to copy it for each one.`,
      view: 'home',
    };
  }

  private outage(status: TunnelStatus, now: number): DesktopNotification | undefined {
    // Offline is chosen (turned off, stopping), not an outage.
    if (status.state === 'online' || status.state === 'offline') {
      const wasTold = this.toldDown;
      this.downSince = undefined;
      this.toldDown = false;
      return wasTold && status.state === 'online'
        ? { title: 'Your public address is back', body: 'Your shops can reach Hooktray again. Messages they kept are arriving now.', view: 'home' }
        : undefined;
    }
    this.downSince ??= Date.parse(status.since) || now;
    if (this.toldDown || now - this.downSince < this.downAfterMs) return undefined;
    this.toldDown = true;
    const minutes = Math.round((now - this.downSince) / 60_000);
    const why = status.state === 'reconnecting' ? ` ${status.reason}` : '';
    return {
      title: 'Your shops cannot reach Hooktray',
      body: `The public address has been down for ${minutes} minutes.${why} Most shops keep their messages and send them again; Hooktray keeps trying.`,
      view: 'home',
    };
  }
}
