import { runMark, type LogLine } from '../../shared/log-line.ts';
import type { Run } from '../../shared/runs.ts';
import { clockTime } from '../../shared/clock-time.ts';

const MAX = 72;

/** A line of the tray's recent list, already in words. */
export interface TrayLine {
  at: string;
  text: string;
  /** The run it tells about, so a run loaded from the store and its live event make one line. */
  runId?: number;
}

/**
 * "12:03 Order #1042 from Jane Doe → email the team ✓" or "… ✗ retrying 12:10": the event up to
 * its first comma, the part of the recipe's title after the arrow, and the outcome.
 */
export function runLine(run: Run, recipeTitle: string, at = new Date().toISOString()): TrayLine | undefined {
  if (run.status === 'queued' || run.status === 'running') return undefined;
  const what = run.summary.split(',')[0]!.trim();
  const where = recipeTitle.includes('→') ? recipeTitle.split('→').at(-1)!.trim() : recipeTitle;
  const outcome =
    run.status === 'succeeded'
      ? '✓'
      : run.status === 'retrying'
        ? `✗ retrying ${run.nextAttemptAt ? clockTime(new Date(run.nextAttemptAt)) : 'soon'}`
        : '✗ failed';
  return { at, text: `${runMark(run)}${what} → ${where} ${outcome}`, runId: run.id };
}

/** Other activity (tunnel, catch-up, refused deliveries); runs have their own, shorter line. */
export function entryLine(entry: LogLine): TrayLine | undefined {
  if (entry.runId !== undefined || entry.level === 'info') return undefined;
  return { at: entry.at, text: entry.text };
}

/** The menu label: local time (with the date when not today), cut to fit a menu. */
export function menuLabel(line: TrayLine, now = new Date()): string {
  const at = new Date(line.at);
  const when = at.toDateString() === now.toDateString() ? clockTime(at) : `${at.getDate()}.${at.getMonth() + 1}. ${clockTime(at)}`;
  const label = `${when} ${line.text.replace(/\s+/g, ' ').trim()}`;
  return label.length > MAX ? `${label.slice(0, MAX - 1)}…` : label;
}
