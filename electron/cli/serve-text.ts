import type { TunnelStatus } from '../../shared/tunnel.ts';

/**
 * What `hooktray serve` tells a person on its terminal about the addresses: the public ones to
 * paste into the platforms once the tunnel is online, and, until then, that the local ones work
 * on this computer only. A 127.0.0.1 address is never offered for pasting into a platform.
 */
export class AddressesText {
  private readonly titleOf: (source: string) => string;
  private readonly local: Readonly<Record<string, string>>;
  private shown: TunnelStatus['state'] | undefined;
  private listedLocal = false;

  constructor(local: Readonly<Record<string, string>>, titleOf: (source: string) => string) {
    this.local = local;
    this.titleOf = titleOf;
  }

  /** The text for a tunnel status: what changed for the owner since the last one told, or '' when nothing did. */
  next(status: TunnelStatus | undefined): string {
    const state = status?.state ?? 'offline';
    if (state === this.shown && !(status?.state === 'online' && status.urlChanged)) return '';
    const before = this.shown;
    this.shown = state;
    if (!status)
      return this.localOnly(
        'Hooktray runs without a public address, so platforms on the internet cannot reach it.',
        'Start it without --tunnel none to get one.',
      );
    switch (status.state) {
      case 'online': {
        const lines = Object.entries(status.publicWebhooks).map(([id, url]) => `  ${this.titleOf(id)}: ${url}\n`);
        return `Public addresses online. ${status.urlChanged ? 'They CHANGED: paste the new ones' : 'Paste these'} into your platforms (Shopify, Stripe, …):\n${lines.join('')}`;
      }
      case 'connecting':
        return this.localOnly(
          'Hooktray is connecting to its public address.',
          'The addresses to paste into your platforms are printed here as soon as it is online.',
        );
      case 'reconnecting':
        if (before === 'online')
          return `The public address is down: ${status.reason} Hooktray reconnects by itself; your platforms keep what they send meanwhile and send it again.\n`;
        return this.localOnly(
          'The public address is not up yet, so platforms on the internet cannot reach Hooktray.',
          'It keeps trying; the addresses to paste into your platforms are printed here once it is online.',
        );
      case 'offline':
        return this.localOnly(
          `The public address is off: ${status.reason}`,
          status.detail === 'started with --tunnel none'
            ? 'To receive from Shopify, Stripe and the others, start without --tunnel none.'
            : 'To receive from Shopify, Stripe and the others, turn it on in the dashboard: Settings → Public address.',
        );
    }
  }

  /** Why platforms cannot reach Hooktray now and what to do; the local addresses the first time, marked as such. */
  private localOnly(why: string, what: string): string {
    if (this.listedLocal) return `${why} ${what}\n`;
    this.listedLocal = true;
    const lines = Object.entries(this.local).map(([id, url]) => `  ${this.titleOf(id)}: ${url}\n`);
    return `${why} ${what}\nUntil then the addresses are local only: they work on this computer (for a test with curl), not for pasting into a platform:\n${lines.join('')}`;
  }
}
