import { Worker } from 'node:worker_threads';
import type { WriteReply, WriteRequest } from './kept-writer-worker.ts';
import type { NewKept } from './relay-store.ts';

/**
 * Writes kept deliveries on a worker thread. A commit with synchronous=FULL waits for the disk;
 * on the main thread that wait would stop every other sender's request from being read, so the
 * relay could keep only as many deliveries per second as the disk syncs. Here the main thread
 * reads the next batch while the worker commits the last.
 */
export class KeptWriter {
  private readonly dataDir: string;
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  write(inserts: NewKept[], deletes: number[]): Promise<void> {
    const worker = this.start();
    const id = ++this.nextId;
    // Copies of just the bodies' bytes, handed over without another copy: a received Buffer may be
    // a view on Node's shared pool, which must never be transferred (or cloned whole).
    const wire = inserts.map((k) => ({ ...k, body: new Uint8Array(k.body) }));
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage(
        { id, inserts: wire, deletes } satisfies WriteRequest,
        wire.map((k) => k.body.buffer as ArrayBuffer),
      );
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./kept-writer-worker.ts', import.meta.url), { workerData: { dataDir: this.dataDir } });
    worker.on('message', (reply: WriteReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error) waiter?.reject(new Error(reply.error));
      else waiter?.resolve();
    });
    // A writer that died fails what it was given (senders get 503 and retry); the next write starts a new one.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the relay's writer thread stopped (${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
