import { createHash } from 'node:crypto';
import { ActionError, type ActionContext } from './action.ts';
import { FileMemo } from './run-memo.ts';

/** Runs waiting for another run about the same person, by destination account and email. */
const tails = new Map<string, Promise<void>>();

/**
 * Work on one person at one destination account (a CRM contact found or created by email), one
 * run at a time, with a record that outlives a restart: what this installation already knows
 * about that person there (the id it created or found, a create whose answer was lost).
 *
 * CRMs that allow duplicates (Pipedrive) can only be searched, and their search lags behind a
 * create by seconds; two runs about one email at once, or one right after a restart, would both
 * miss the other's person. In turn, each finds the record the one before it left.
 * `account` names the destination account (its API address and key); it is stored only as part
 * of a hash, and so is the email.
 */
export async function withPerson<T extends Record<string, string>, R>(
  ctx: Pick<ActionContext<unknown>, 'services' | 'signal'>,
  place: { destination: string; account: string; email: string },
  work: (person: FileMemo<T>) => Promise<R>,
): Promise<R> {
  const hash = createHash('sha256').update(`${place.destination}\n${place.account}\n${place.email}`).digest('hex').slice(0, 40);
  const key = `${place.destination}-person-${hash}`;
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  // Whoever comes next waits for both, so the order holds even if this run gives up waiting.
  const tail = previous.then(() => mine);
  tails.set(key, tail);
  try {
    await untilDone(previous, ctx.signal, place.destination);
    return await work(new FileMemo<T>(ctx.services.dataDir, key));
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}

function untilDone(previous: Promise<void>, signal: AbortSignal, destination: string): Promise<void> {
  if (signal.aborted) return Promise.reject(waitedTooLong(destination));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(waitedTooLong(destination));
    signal.addEventListener('abort', onAbort, { once: true });
    void previous.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

function waitedTooLong(destination: string): ActionError {
  return new ActionError('transient', `Another run was still working on the same ${destination} contact; trying again shortly.`);
}
