import { Worker } from 'node:worker_threads';

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Copies the WAL back into the database from a worker thread with its own connection, so the
 * fsyncs of a checkpoint never stall the event loop that answers webhooks. PASSIVE mode never
 * waits for or blocks the writer.
 */
export function startCheckpointer(dbPath: string, intervalMs = 1000): Checkpointer {
  const worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), {
    workerData: { dbPath, intervalMs },
  });
  worker.unref();
  // A failed checkpoint only means the WAL grows until the next one; never crash the host for it.
  worker.on('error', () => {});
  return {
    async stop() {
      worker.postMessage('stop');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2000);
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
