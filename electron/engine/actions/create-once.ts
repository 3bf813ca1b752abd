import { createHash } from 'node:crypto';
import { ActionError, type ActionContext } from './action.ts';
import { RunMemo } from './run-memo.ts';

/** A line at the end of what a run creates, so a retry can tell its own card or task from others. */
export function runReference(ctx: Pick<ActionContext<unknown>, 'services' | 'runId'>): string {
  return `Hooktray ${createHash('sha256').update(`${ctx.services.installId}:${ctx.runId}`).digest('hex').slice(0, 10)}`;
}

/**
 * Creates one thing per run at a destination with no idempotency key (a Trello card, an Asana
 * task). What was created is remembered per run (run-memo.ts), so a retry after a later step
 * failed, or the owner's Retry, creates nothing new. "Sent" is written down before the create
 * goes out: when its answer was lost (a 504, a timeout, a crash), the next attempt looks for the
 * run's reference at the destination before creating again. A refusal (4xx, 429) created nothing.
 */
export async function createOnce(
  ctx: Pick<ActionContext<unknown>, 'services' | 'runId'>,
  destination: string,
  steps: { find(sentAt: string): Promise<string | undefined>; create(): Promise<string> },
): Promise<{ id: string; already: boolean }> {
  const memo = new RunMemo<{ id: string; sentAt: string }>(ctx.services.dataDir, destination.toLowerCase(), ctx.runId, ctx.services.installId);
  const done = memo.get('id');
  if (done) return { id: done, already: true };
  const sentAt = memo.get('sentAt');
  if (sentAt) {
    const found = await steps.find(sentAt);
    if (found) {
      memo.set('id', found);
      return { id: found, already: true };
    }
  }
  memo.set('sentAt', new Date().toISOString());
  let id: string;
  try {
    id = await steps.create();
  } catch (error) {
    if (error instanceof ActionError && (error.kind === 'permanent' || error.rateLimited)) memo.set('sentAt', '');
    throw error;
  }
  memo.update({ id, sentAt: '' });
  return { id, already: false };
}
