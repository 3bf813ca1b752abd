import type { OfflineSummary } from '../../../shared/catchup.ts';
import type { Settings } from '../../../shared/config.ts';
import { platform } from '../../../shared/sources.ts';
import { SOURCE_IDS, type SourceId } from '../../../shared/sources.ts';
import { obj } from '../sources/fields.ts';
import type { PeriodResult } from './catch-up-state.ts';
import type { OfflinePeriod } from './offline-periods.ts';
import { clockTime } from '../../../shared/clock-time.ts';

export type { OfflineSummary };

export interface SummaryInput {
  period: OfflinePeriod;
  settings: Settings;
  /** Platforms the owner set up or that sent something. */
  inUse: ReadonlySet<SourceId>;
  /** What catch-ups found for this very period (kept in the journal, so true after a restart). */
  results: ReadonlyMap<SourceId, PeriodResult>;
  /** Platforms being caught up right now. */
  running: ReadonlySet<SourceId>;
  /** When a failed catch-up is tried again, per platform. */
  nextRetryAt: Partial<Record<SourceId, number>>;
  now?: number;
}

/** A platform's own words, closed as a sentence so ours can follow. */
export const sentence = (text: string) => (/[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

const time = (ms: number) => clockTime(ms);

/**
 * The honest offline screen: one line per platform in use, true to its retry rules and to what
 * catch-up recovered for this period. "You were offline from 14:02 to 19:40. Shopify retries for
 * 4 hours: 3 orders were caught up. ClinchPad does not retry: connect its API key to recover
 * missed leads." It never claims what nobody checked: a platform not yet caught up says so, and
 * retries are not counted on once the public address changed (they go to the old one).
 */
export function offlineSummary(input: SummaryInput): OfflineSummary {
  const { period, settings, inUse, results, running, nextRetryAt, now = Date.now() } = input;
  const end = period.endedAt ?? now;
  const duration = end - period.startedAt;
  const lines: OfflineSummary['lines'] = [];
  for (const source of SOURCE_IDS) {
    if (!inUse.has(source)) continue;
    const p = platform(source);
    const rule = { ...p.retries, what: p.things.many, one: p.things.one, credential: p.api?.credential };
    const result = results.get(source);
    const hasApi = rule.credential !== undefined && Object.keys(obj(obj(settings.sources[source]).api)).length > 0;
    const retries = rule.windowMs !== undefined && rule.windowMs > 0 && duration <= rule.windowMs;
    const coveredByRetries = retries && !period.urlChanged;
    const lead = retries && period.urlChanged ? `${rule.words}, but to the old public address, which has changed since` : rule.words;
    const retryAt = nextRetryAt[source];
    let text: string;
    let recovered = coveredByRetries;
    if (running.has(source)) {
      text = `${lead}: catching up…`;
    } else if (result?.succeeded && result.baseline) {
      text = `${lead}: its API key was new, so the ${rule.what} that existed were recorded as seen; ${rule.what} added from now on are caught up.`;
    } else if (result?.succeeded) {
      const items = result.fresh === 1 ? `1 ${rule.one} was` : `${result.fresh} ${rule.what} were`;
      text = result.fresh > 0 ? `${lead}: ${items} caught up.` : `${lead}: catch-up found nothing missed.`;
      recovered = true;
    } else if (result?.error) {
      text = `${lead}, and catching up failed: ${sentence(result.error)}${retryAt ? ` Hooktray tries again at ${time(retryAt)}.` : ''}`;
    } else if (hasApi) {
      const when = period.endedAt === undefined ? ' (catch-up runs when Hooktray is back online)' : '';
      text = coveredByRetries ? `${lead}: what it sent meanwhile arrives by itself; catch-up has not checked yet${when}.` : `${lead}: not yet checked${when}.`;
    } else if (coveredByRetries) {
      text = `${lead}: what it sent meanwhile arrives by itself.`;
    } else if (rule.credential) {
      text = `${lead}: connect ${rule.credential} to recover missed ${rule.what}.`;
    } else {
      text = `${lead}: ${rule.what} sent while you were offline may be lost; check the platform's webhook log.`;
    }
    lines.push({ source, text, recovered });
  }
  const headline =
    period.endedAt === undefined ? `You are offline since ${time(period.startedAt)}.` : `You were offline from ${time(period.startedAt)} to ${time(end)}.`;
  return { from: new Date(period.startedAt).toISOString(), ...(period.endedAt !== undefined ? { to: new Date(end).toISOString() } : {}), headline, lines };
}
