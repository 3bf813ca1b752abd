import type { OfflineSummary } from '../../../shared/catchup.ts';
import type { Settings } from '../../../shared/config.ts';
import type { SourceId } from '../../../shared/sources.ts';
import { obj } from '../sources/fields.ts';
import type { CatchUpReport } from '../../../shared/catchup.ts';
import type { OfflinePeriod } from './offline-periods.ts';

export type { OfflineSummary };

/** How long each platform keeps retrying a delivery that failed (facts: shared/PLATFORMS.md). */
const RETRY: Record<SourceId, { windowMs?: number; words: string; what: string; credential?: string }> = {
  shopify: { windowMs: 4 * 3_600_000, words: 'Shopify retries for 4 hours', what: 'orders', credential: 'its Admin API token' },
  woocommerce: { windowMs: 0, words: 'WooCommerce does not retry', what: 'orders', credential: 'its REST API keys' },
  clinchpad: { windowMs: 0, words: 'ClinchPad does not retry', what: 'leads', credential: 'its API key' },
  stripe: { windowMs: 3 * 86_400_000, words: 'Stripe retries for 3 days', what: 'payments', credential: 'a restricted API key' },
  paypal: { windowMs: 3 * 86_400_000, words: 'PayPal retries for 3 days', what: 'payments' },
  mailchimp: { windowMs: 75 * 60_000, words: 'Mailchimp retries for about 75 minutes', what: 'subscriber changes' },
  mautic: { words: "Mautic's retries are not documented", what: 'contacts' },
  generic: { words: 'Other apps retry as they see fit', what: 'deliveries' },
};

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * The honest offline screen: one line per platform in use, true to its retry rules and to what
 * catch-up recovered. "You were offline from 14:02 to 19:40. Shopify retries for 4 hours: 3
 * orders were caught up. ClinchPad does not retry: connect its API key to recover missed leads."
 */
export function offlineSummary(period: OfflinePeriod, settings: Settings, inUse: ReadonlySet<SourceId>, reports: readonly CatchUpReport[], now = Date.now()): OfflineSummary {
  const end = period.endedAt ?? now;
  const duration = end - period.startedAt;
  const lines: OfflineSummary['lines'] = [];
  for (const source of Object.keys(RETRY) as SourceId[]) {
    if (!inUse.has(source)) continue;
    const rule = RETRY[source];
    const report = reports.find((r) => r.source === source);
    const hasApi = Object.keys(obj(obj(settings.sources[source]).api)).length > 0;
    const coveredByRetries = rule.windowMs !== undefined && rule.windowMs > 0 && duration <= rule.windowMs;
    let text: string;
    let recovered = coveredByRetries;
    if (report && !report.error && !report.skipped && report.fresh > 0) {
      text = `${rule.words}: ${report.fresh} ${rule.what} ${report.fresh === 1 ? 'was' : 'were'} caught up.`;
      recovered = true;
    } else if (report?.error) {
      text = `${rule.words}, and catching up failed: ${report.error}`;
    } else if (coveredByRetries) {
      text = `${rule.words}: what it sent meanwhile arrives by itself.`;
    } else if (hasApi) {
      text = `${rule.words}: catch-up found nothing missed.`;
      recovered = true;
    } else if (rule.credential) {
      text = `${rule.words}: connect ${rule.credential} to recover missed ${rule.what}.`;
    } else {
      text = `${rule.words}: ${rule.what} sent while you were offline may be lost; check the platform's webhook log.`;
    }
    lines.push({ source, text, recovered });
  }
  const headline = period.endedAt === undefined ? `You are offline since ${time(period.startedAt)}.` : `You were offline from ${time(period.startedAt)} to ${time(end)}.`;
  return { from: new Date(period.startedAt).toISOString(), ...(period.endedAt !== undefined ? { to: new Date(end).toISOString() } : {}), headline, lines };
}
