import { Worker } from 'node:worker_threads';
import type { JournalFailure } from './journal-failure.ts';
import type { AcceptResult, DeliveryRecord } from './journal-records.ts';
import type { JournalArgs, JournalMethod, JournalRequest, JournalResponse, JournalValue } from './journal-protocol.ts';

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
  sentAt: number;
}

/** How long the writer stays up without writes. */
export const WRITER_IDLE_MS = 10_000;
/**
 * The longest the writer may take to answer. A commit takes milliseconds and SQLite gives up
 * on a lock after 5 s, so a writer silent this long is stuck: it is replaced, and everything
 * waiting on it is refused (platforms get 503 and send again; a run goes back to the queue).
 */
export const WRITER_ANSWER_MS = 30_000;

/** A failed journal write; `disk` when the disk or file refused it (full, read-only, I/O error). */
export class JournalError extends Error {
  readonly disk: boolean;
  constructor(failure: JournalFailure) {
    super(failure.message);
    this.name = 'JournalError';
    this.disk = failure.disk ?? false;
  }
}

export interface JournalWriterOptions {
  idleMs?: number;
  answerMs?: number;
  /** Runs each time an idle writer has stopped: the app has been quiet for `idleMs`. */
  onIdle?: () => void;
  /** The writer's script; tests put a misbehaving one here to prove every call still settles. */
  workerUrl?: URL;
}

/**
 * The main thread's handle on the journal writer (journal-worker.ts). Each delivery is posted to
 * the writer the moment it is verified; the writer commits whatever arrived while it was busy as
 * one batch (adaptive group commit, see journal-worker.ts) and answers each after its commit, so
 * this thread keeps verifying requests while the writer waits on the disk.
 * Every request settles: answered, refused with the writer's error, or refused when the writer
 * dies, sends an answer that cannot be read, or does not answer within `answerMs`; then the
 * next write starts a new writer. After a while without writes the writer is stopped (its own
 * V8 heap is most of an idle app's memory beyond the main thread) and the next write starts it
 * again, a few tens of milliseconds that a platform's 5 s budget easily absorbs.
 */
export class JournalWriter {
  private readonly dbPath: string;
  private readonly idleMs: number;
  private readonly answerMs: number;
  private readonly workerUrl: URL;
  private worker: Worker | undefined;
  /** A writer told to stop because it was idle; it checkpoints and exits on its own. */
  private retiring: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  private closing = false;
  /** Commits made for deliveries, and deliveries in them: how well commits are being shared. */
  readonly stats = { commits: 0, deliveries: 0 };

  private readonly onIdle: (() => void) | undefined;

  constructor(dbPath: string, options: JournalWriterOptions = {}) {
    this.dbPath = dbPath;
    this.idleMs = options.idleMs ?? WRITER_IDLE_MS;
    this.answerMs = options.answerMs ?? WRITER_ANSWER_MS;
    this.onIdle = options.onIdle;
    this.workerUrl = options.workerUrl ?? new URL('./journal-worker.ts', import.meta.url);
  }

  /** Whether a writer thread is running now (it stops when idle). */
  get writerRunning(): boolean {
    return this.worker !== undefined;
  }

  accept(record: DeliveryRecord): Promise<AcceptResult> {
    return new Promise((resolve, reject) => {
      const id = this.wait(resolve, reject);
      this.post({ type: 'accept', id, record });
    });
  }

  call<M extends JournalMethod>(method: M, ...args: JournalArgs<M>): Promise<JournalValue<M>> {
    return new Promise((resolve, reject) => {
      const id = this.wait(resolve, reject);
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
    if (retiring) await this.exited(retiring);
    const worker = this.worker;
    if (worker) {
      this.worker = undefined;
      worker.postMessage({ type: 'stop' } satisfies JournalRequest);
      await this.exited(worker);
    }
    this.failAll(new Error('The journal is closed.'));
  }

  /** Resolves when `worker` has exited, ending it if it has not within `answerMs`. */
  private exited(worker: Worker): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => void worker.terminate(), this.answerMs);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private wait(resolve: (value: never) => void, reject: (error: Error) => void): number {
    const id = this.nextId++;
    this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, sentAt: performance.now() });
    this.watchdog ??= setInterval(() => this.checkAnswered(), Math.min(1000, this.answerMs)).unref();
    return id;
  }

  /** Replaces a writer whose oldest request has waited longer than `answerMs`. */
  private checkAnswered(): void {
    const oldest = this.waiting.values().next().value;
    if (!oldest || performance.now() - oldest.sentAt < this.answerMs) return;
    if (this.worker) this.abandon(this.worker, `it did not answer for ${Math.max(1, Math.round(this.answerMs / 1000))} s`);
    else this.failAll(new Error('The journal writer did not answer.'));
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
      if (request.type !== 'stop') this.settle(request.id, undefined, { message: 'The journal is closed.' });
      return;
    }
    clearTimeout(this.idleTimer);
    (this.worker ??= this.spawn()).postMessage(request);
  }

  private spawn(): Worker {
    const worker = new Worker(this.workerUrl, { workerData: { dbPath: this.dbPath } });
    worker.on('message', (response: JournalResponse) => {
      if (response.type === 'accepted') {
        this.stats.commits++;
        this.stats.deliveries += response.results.length;
        for (const { id, outcome } of response.results)
          this.settle(id, 'error' in outcome ? undefined : outcome, 'error' in outcome ? outcome.error : undefined);
      } else {
        this.settle(response.id, response.value, response.error);
      }
    });
    // An answer that cannot be read names no request: refuse all that wait rather than leave
    // one waiting for ever (a run claim that never settles would stop every recipe).
    worker.on('messageerror', (error) => this.abandon(worker, `an answer could not be read: ${error.message}`));
    worker.on('error', (error) => {
      if (worker !== this.retiring) this.abandon(worker, error.message);
    });
    worker.on('exit', (code) => {
      if (worker === this.retiring) {
        this.retiring = undefined;
        if (!this.worker && !this.closing) this.onIdle?.();
      } else if (worker === this.worker && !this.closing) this.abandon(worker, `exit code ${code}`);
    });
    return worker;
  }

  /** Gives up on a writer: everything waiting is refused and the next write starts a new one. */
  private abandon(worker: Worker, why: string): void {
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate();
    this.failAll(new Error(`The journal writer stopped (${why}).`));
  }

  private settle(id: number, value: unknown, error: JournalFailure | undefined): void {
    const waiter = this.waiting.get(id);
    if (!waiter) return;
    this.waiting.delete(id);
    if (error !== undefined) waiter.reject(new JournalError(error));
    else waiter.resolve(value);
    if (this.waiting.size === 0) this.whenAllAnswered();
  }

  private whenAllAnswered(): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    if (this.closing) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.retire(), this.idleMs).unref();
  }

  private failAll(error: Error): void {
    for (const [id, waiter] of this.waiting) {
      this.waiting.delete(id);
      waiter.reject(error);
    }
    this.whenAllAnswered();
  }
}
