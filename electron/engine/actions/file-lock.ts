/**
 * One writer per file inside this process: runs execute concurrently, and two rows appended to
 * one spreadsheet at once would read the same "last state" and lose one of them.
 */
const tails = new Map<string, Promise<unknown>>();

export async function withFileLock<T>(file: string, work: () => Promise<T> | T): Promise<T> {
  const previous = tails.get(file) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  tails.set(file, next);
  try {
    return await next;
  } finally {
    if (tails.get(file) === next) tails.delete(file);
  }
}
