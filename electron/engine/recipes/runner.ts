import type { Logger } from 'pino';
import { runLogLine } from '../../../shared/log-line.ts';
import { ActionError, type ActionServices } from '../actions/action.ts';
import { toActionError } from '../actions/errors.ts';
import type { EngineEvents } from '../engine-events.ts';
import type { ClaimedRun, RunStore } from '../store/runs.ts';
import { TemplateRenderer, templateContext } from '../templates/renderer.ts';
import { DRAFT_GONE } from './draft-recipes.ts';
import type { RecipeSet, ResolvedRecipe } from './recipe-set.ts';
import { decideRetry, type RunRetryPolicy } from './retry-policy.ts';

export interface RunnerDeps {
  runs: RunStore;
  recipes: () => RecipeSet;
  /** The edited recipes that tests of unsaved changes run (a run with `draft` is one). */
  drafts?: { get(id: string): ResolvedRecipe | undefined };
  services: ActionServices;
  events: EngineEvents;
  logger: Logger;
  /** attemptTimeoutMs: longest one attempt may take before it counts as a transient failure. */
  policy: () => RunRetryPolicy & { concurrency: number; attemptTimeoutMs: number };
  now?: () => number;
  random?: () => number;
}

/** Longest sleep between looks at the queue, so a changed clock cannot strand a run. */
const MAX_SLEEP_MS = 30_000;
/** After the queue could not be read, look again this much later (not in a tight loop). */
const CLAIM_FAILED_PAUSE_MS = 1_000;

/**
 * Executes due runs from the store with bounded concurrency. Every attempt is recorded;
 * transient failures are retried with backoff, permanent ones and exhausted runs fail (dead
 * letter) until the owner retries them. Stateless between ticks: the store is the queue.
 */
export class Runner {
  private readonly deps: RunnerDeps;
  private readonly now: () => number;
  private readonly templates = new TemplateRenderer();
  private readonly inFlight = new Map<number, { promise: Promise<void>; abort: AbortController }>();
  private timer: NodeJS.Timeout | undefined;
  private tickQueued = false;
  private ticking = false;
  private running = false;
  private paused = false;
  /** No look at the queue before this time: the last one failed. */
  private claimPausedUntil = 0;

  constructor(deps: RunnerDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
  }

  /** Re-queues runs a crash left `running`, then starts working the queue. */
  async start(): Promise<void> {
    const requeued = await this.deps.runs.requeueInterrupted(this.now());
    if (requeued) this.deps.logger.info({ requeued }, 'runs interrupted by the last stop are queued again');
    this.running = true;
    this.wake();
  }

  /** Something became due (a delivery was stored, a retry was asked for). */
  wake(): void {
    if (!this.running || this.tickQueued) return;
    this.tickQueued = true;
    setImmediate(() => {
      this.tickQueued = false;
      void this.tick();
    });
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.wake();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get activeRuns(): number {
    return this.inFlight.size;
  }

  /**
   * Stops taking new runs and waits up to graceMs for the ones in flight; those still going are
   * aborted and put back in the queue, to run again on the next start (at-least-once).
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    const all = Promise.allSettled([...this.inFlight.values()].map((f) => f.promise));
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref())]);
    if (!timedOut) return;
    await Promise.allSettled(
      [...this.inFlight].map(([runId, flight]) => {
        flight.abort.abort(new Error('Hooktray is stopping'));
        return this.deps.runs.release(runId, this.now());
      }),
    );
  }

  private async tick(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running || this.ticking) return;
    this.ticking = true;
    try {
      const free = this.paused ? 0 : this.deps.policy().concurrency - this.inFlight.size;
      // Claiming is a write: ask the journal writer only when a run is due, or a look at a
      // retry hours away would restart a writer stopped for being idle, every MAX_SLEEP_MS.
      const due = free > 0 && this.now() >= this.claimPausedUntil ? this.deps.runs.nextDueAt() : undefined;
      if (due !== undefined && due <= this.now()) {
        for (const run of await this.deps.runs.claimDue(this.now(), free)) this.launch(run);
      }
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not read the run queue; trying again shortly');
      // The claim may have been made and only its answer lost: those runs are marked running
      // but nobody holds them. Put back all that this runner does not hold.
      await this.deps.runs.requeueInterrupted(this.now(), [...this.inFlight.keys()]).catch(() => {});
      this.claimPausedUntil = this.now() + CLAIM_FAILED_PAUSE_MS;
    } finally {
      this.ticking = false;
    }
    this.scheduleNext();
  }

  private scheduleNext(): void {
    if (!this.running || this.paused || this.timer) return;
    const due = this.deps.runs.nextDueAt();
    if (due === undefined) return;
    const delay = Math.min(Math.max(0, due - this.now(), this.claimPausedUntil - this.now()), MAX_SLEEP_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, delay);
    this.timer.unref();
  }

  private launch(run: ClaimedRun): void {
    const abort = new AbortController();
    const promise = this.execute(run, abort.signal)
      .catch((error: unknown) => {
        this.deps.logger.error({ err: error, runId: run.id }, 'could not record a run attempt; the run will be done again');
        this.releaseLater(run.id);
      })
      .finally(() => {
        this.inFlight.delete(run.id);
        this.wake();
      });
    this.inFlight.set(run.id, { promise, abort });
  }

  /** The journal could not take the attempt (disk full?): put the run back once it can. */
  private releaseLater(runId: number): void {
    setTimeout(() => {
      this.deps.runs.release(runId, this.now()).then(
        () => this.wake(),
        () => this.releaseLater(runId),
      );
    }, 5_000).unref();
  }

  private async execute(run: ClaimedRun, stopSignal: AbortSignal): Promise<void> {
    const startedAt = this.now();
    // A test of unsaved changes runs those changes or nothing: never the saved recipe instead.
    const recipe = run.draft !== undefined ? this.deps.drafts?.get(run.draft) : this.deps.recipes().get(run.recipeId);
    let outcome: { ok: true; detail?: string } | { ok: false; error: ActionError };
    try {
      if (run.unreadable !== undefined) throw new ActionError('permanent', run.unreadable);
      if (!recipe && run.draft !== undefined) throw new ActionError('permanent', DRAFT_GONE);
      if (!recipe) throw new ActionError('permanent', `The recipe "${run.recipeId}" no longer exists; add it again, then retry.`);
      const context = templateContext(run.event, { id: recipe.id, title: recipe.definition.title }, run.test);
      const signal = AbortSignal.any([stopSignal, AbortSignal.timeout(this.deps.policy().attemptTimeoutMs)]);
      const result = await recipe.action.run({
        settings: recipe.settings,
        event: run.event,
        render: async (name) => {
          const template = recipe.templates[name];
          if (template === undefined) return undefined;
          try {
            return await this.templates.render(name, template, context, recipe.action.templateValue);
          } catch (error) {
            throw new ActionError('permanent', `The "${name}" template has an error: ${(error as Error).message}`);
          }
        },
        runId: run.id,
        attempt: run.attempt,
        test: run.test,
        services: this.deps.services,
        signal,
      });
      outcome = { ok: true, ...(result.detail ? { detail: result.detail } : {}) };
    } catch (error) {
      outcome = { ok: false, error: toActionError(error) };
    }
    if (stopSignal.aborted) return; // released by stop(); this attempt does not count

    const finishedAt = this.now();
    const policy = this.deps.policy();
    if (outcome.ok) {
      await this.deps.runs.recordAttempt(run.id, run.attempt, {
        startedAt,
        finishedAt,
        outcome: 'succeeded',
        status: 'succeeded',
        ...(outcome.detail ? { detail: outcome.detail } : {}),
      });
    } else {
      const { error } = outcome;
      // Rate-limit waits since the last manual retry (attempts up to attempt - budgetUsed came before it).
      const rateLimitWaits = error.kind === 'transient' ? this.deps.runs.rateLimitWaits(run.id, run.attempt - run.budgetUsed) : 0;
      const decision = decideRetry(
        {
          kind: error.kind,
          rateLimited: error.rateLimited,
          ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
          budgetUsed: run.budgetUsed,
          rateLimitWaits,
        },
        policy,
        this.deps.random,
      );
      // A test is tried once: its answer belongs in the wizard now, not in the team's inbox hours later.
      const retry = decision.delayMs !== undefined && !run.test;
      await this.deps.runs.recordAttempt(run.id, run.attempt, {
        startedAt,
        finishedAt,
        outcome: decision.outcome,
        error: error.message,
        status: retry ? 'retrying' : 'failed',
        ...(retry ? { nextAttemptAt: finishedAt + decision.delayMs! } : {}),
      });
      this.deps.logger.warn({ runId: run.id, recipe: run.recipeId, attempt: run.attempt, kind: decision.outcome }, error.message);
    }
    // The run as it is now stored: the live event tells exactly what the store will answer.
    const stored = this.deps.runs.find(run.id);
    if (!stored) return;
    this.deps.events.emit('run', stored);
    const { level, text } = runLogLine(stored, recipe?.definition.title);
    this.deps.events.log(level, text, {
      recipeId: run.recipeId,
      runId: run.id,
      source: run.event.source,
    });
  }
}
