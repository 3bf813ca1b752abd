import { clockTime } from './clock-time.ts';
import type { Run } from './runs.ts';
import type { SourceId } from './sources.ts';

/** One line of the log the owner reads (the tray, Home's recent list, the terminal), already in plain words. */
export interface LogLine {
  at: string;
  level: 'info' | 'success' | 'warning' | 'error';
  text: string;
  /** The technical cause behind the words (an error code, a server's message), for a details line. */
  detail?: string;
  source?: SourceId;
  recipeId?: string;
  runId?: number;
}

/** How a line marks a run the owner started by hand: "[test] ", "[replay] ", or nothing. */
export function runMark(run: Pick<Run, 'test' | 'replay'>): string {
  return run.test ? '[test] ' : run.replay ? '[replay] ' : '';
}

/**
 * A finished run as a line of the log: "Order #1042 from Jane → New Shopify order → email
 * the team ✓" in the owner's words, and how it reads (success, warning while it will be tried
 * again, error once it failed). The engine words live runs with it and the window words stored
 * ones, so the same run reads the same either way, retry time in the owner's local clock included.
 */
export function runLogLine(run: Run, title = run.recipeId): Pick<LogLine, 'level' | 'text'> {
  const what = `${runMark(run)}${run.summary} → ${title}`;
  if (run.status === 'succeeded') return { level: 'success', text: `${what} ✓` };
  if (run.status === 'retrying')
    return { level: 'warning', text: `${what} ✗ ${run.lastError ?? ''} (retrying at ${run.nextAttemptAt ? clockTime(run.nextAttemptAt) : 'soon'})` };
  return { level: 'error', text: `${what} ✗ failed: ${run.lastError ?? ''}` };
}
