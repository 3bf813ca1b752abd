import { Worker } from 'node:worker_threads';
import type { AcceptResult, DeliveryRecord } from './journal-writes.ts';
import type { JournalArgs, JournalMethod, JournalRequest, JournalResponse, JournalValue } from './journal-protocol.ts';

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** How long the writer stays up without writes. */
export const WRITER_IDLE_MS = 10_000;

/**
 * The main thread's handle on the journal writer (journal-worker.ts). Each delivery is posted to
 * the writer the moment it is verified; the writer commits whatever arrived while it was busy as
 * one batch (adaptive group commit, see journal-worker.ts) and answers each after its commit, so
 * this thread keeps verifying requests while the writer waits on the disk.
 * If the writer dies, everything waiting is refused (the platforms get 503 and retry) and the
 * next write starts a new writer. After a while without writes the writer is stopped (its own
 * V8 heap is most of an idle app's memory beyond the main thread) and the next write starts it
 * again, a few tens of milliseconds that a platform's 5 s budget easily absorbs.
 */
export class Journal {
  private readonly dbPath: string;
  private readonly idleMs: number;
  private worker: Worker | undefined;
  /** A writer told to stop because it was idle; it checkpoints and exits on its own. */
  private retiring: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  private closing = false;
  /** Commits made for deliveries, and deliveries in them: how well commits are being shared. */
  readonly stats = { commits: 0, deliveries: 0 };

  private readonly onIdle: (() => void) | undefined;

  /** `onIdle` runs each time an idle writer has stopped: the app has been quiet for `idleMs`. */
  constructor(dbPath: string, idleMs = WRITER_IDLE_MS, onIdle?: () => void) {
    this.dbPath = dbPath;
    this.idleMs = idleMs;
    this.onIdle = onIdle;
  }

  /** Whether a writer thread is running now (it stops when idle). */
  get writerRunning(): boolean {
    return this.worker !== undefined;
  }

  accept(record: DeliveryRecord): Promise<AcceptResult> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.post({ type: 'accept', id, record });
    });
  }

  call<M extends JournalMethod>(method: M, ...args: JournalArgs<M>): Promise<JournalValue<M>> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.post({ type: 'call', id, method, args });
    });
  }

  /** Deliveries and calls not yet answered. */
  get pending(): number {
    return this.waiting.size;
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.idleTimer);
    const retiring = this.retiring;
    if (retiring) await new Promise((resolve) => retiring.once('exit', resolve));
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage({ type: 'stop' } satisfies JournalRequest);
    });
    this.failAll(new Error('The journal is closed.'));
  }

  /** Stops an idle writer; the next write starts a new one. */
  private retire(): void {
    const worker = this.worker;
    if (!worker || this.waiting.size || this.closing) return;
    this.worker = undefined;
    this.retiring = worker;
    worker.postMessage({ type: 'stop' } satisfies JournalRequest);
  }

  private post(request: JournalRequest): void {
    if (this.closing) {
      if (request.type !== 'stop') this.settle(request.id, undefined, 'The journal is closed.');
      return;
    }
    clearTimeout(this.idleTimer);
    (this.worker ??= this.spawn()).postMessage(request);
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./journal-worker.ts', import.meta.url), { workerData: { dbPath: this.dbPath } });
    worker.on('message', (response: JournalResponse) => {
      if (response.type === 'accepted') {
        this.stats.commits++;
        this.stats.deliveries += response.results.length;
        for (const { id, outcome } of response.results) this.settle(id, 'error' in outcome ? undefined : outcome, 'error' in outcome ? outcome.error : undefined);
      } else {
        this.settle(response.id, response.value, response.error);
      }
    });
    const lost = (why: string) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error(`The journal writer stopped (${why}).`));
    };
    worker.on('error', (error) => {
      if (worker !== this.retiring) lost(error.message);
    });
    worker.on('exit', (code) => {
      if (worker === this.retiring) {
        this.retiring = undefined;
        if (!this.worker && !this.closing) this.onIdle?.();
      } else if (!this.closing) lost(`exit code ${code}`);
    });
    return worker;
  }

  private settle(id: number, value: unknown, error: string | undefined): void {
    const waiter = this.waiting.get(id);
    if (!waiter) return;
    this.waiting.delete(id);
    if (error !== undefined) waiter.reject(new Error(error));
    else waiter.resolve(value);
    if (this.waiting.size === 0 && !this.closing) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.retire(), this.idleMs).unref();
    }
  }

  private failAll(error: Error): void {
    for (const [id, waiter] of this.waiting) {
      this.waiting.delete(id);
      waiter.reject(error);
    }
  }
}
