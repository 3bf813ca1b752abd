import type { SourceId } from './sources.ts';

export const TUNNEL_PROVIDERS = ['localtunnel', 'none'] as const;
export type TunnelProviderName = (typeof TUNNEL_PROVIDERS)[number];

/**
 * Where the public URL stands, as data for the UI, the tray and `serve --json`. The engine emits
 * a new value on every change; `state` is the discriminant.
 */
export type TunnelStatus =
  | { state: 'connecting'; since: string }
  | {
      state: 'online';
      since: string;
      /** https://<subdomain>.<domain> */
      url: string;
      /** The public webhook address per source: what the owner pastes into each platform. */
      publicWebhooks: Partial<Record<SourceId, string>>;
      /** The server would not give back our usual address; the owner must paste the new one. */
      urlChanged: boolean;
    }
  | {
      state: 'reconnecting';
      since: string;
      /** Plain words for the owner: why the last try failed. */
      reason: string;
      /** The technical cause (error code, server message) for the log and a "details" line. */
      detail?: string;
      /** ISO time of the next try. */
      nextTryAt: string;
      attempt: number;
    }
  | { state: 'offline'; since: string; reason: string; detail?: string };

export type TunnelState = TunnelStatus['state'];

/** The public form of each local webhook address: same path, public origin. */
export function publicWebhooksOf(local: Partial<Record<SourceId, string>>, publicUrl: string): Partial<Record<SourceId, string>> {
  const origin = publicUrl.replace(/\/+$/, '');
  const out: Partial<Record<SourceId, string>> = {};
  for (const [source, url] of Object.entries(local) as [SourceId, string][]) {
    const path = /^[a-z]+:\/\/[^/]+(\/.*)$/i.exec(url)?.[1];
    if (path) out[source] = `${origin}${path}`;
  }
  return out;
}
