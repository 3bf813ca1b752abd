import type { ActivityEntry } from '../../shared/activity.ts';

/** One JSON object per line on stdout: what `--json` consumers (and our tests) read. */
export function printJson(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/** "12:03 Order #1042 → New Shopify order → email the team ✓" */
export function formatActivity(entry: ActivityEntry): string {
  const time = new Date(entry.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `${time} ${entry.text}`;
}
