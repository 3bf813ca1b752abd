import { parentPort, workerData } from 'node:worker_threads';
import { RelayStore, type NewKept } from './relay-store.ts';

/** The relay's one writer of kept deliveries: commits (and their fsync) happen here, off the thread that answers senders. */
export interface WriteRequest {
  id: number;
  inserts: NewKept[];
  deletes: number[];
}
export interface WriteReply {
  id: number;
  error?: string;
}

const store = new RelayStore((workerData as { dataDir: string }).dataDir);
let queued: WriteRequest[] = [];

/**
 * Every request that arrived while the last commit was on its way goes into one transaction:
 * one fsync for all of them. If that fails, each is written alone, so one bad request cannot
 * fail the others.
 */
function commit(): void {
  const batch = queued;
  queued = [];
  try {
    store.write(
      batch.flatMap((r) => r.inserts),
      batch.flatMap((r) => r.deletes),
    );
    for (const r of batch) parentPort!.postMessage({ id: r.id } satisfies WriteReply);
  } catch {
    for (const r of batch) {
      try {
        store.write(r.inserts, r.deletes);
        parentPort!.postMessage({ id: r.id } satisfies WriteReply);
      } catch (error) {
        parentPort!.postMessage({ id: r.id, error: (error as Error).message } satisfies WriteReply);
      }
    }
  }
}

parentPort!.on('message', (request: WriteRequest) => {
  if (!queued.length) setImmediate(commit);
  queued.push(request);
});
parentPort!.once('close', () => store.close());
