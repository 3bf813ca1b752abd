import type { Logger } from 'pino';
import type { TunnelStatus } from '../../../shared/tunnel.ts';
import { reconnectDelay } from './backoff.ts';
import { probeTunnel } from './health-probe.ts';
import { plainProblem } from './tunnel-problems.ts';
import type { TunnelConnection, TunnelProvider } from './tunnel-provider.ts';

export interface TunnelTiming {
  /** Registration plus the first socket. */
  openTimeoutMs: number;
  probeIntervalMs: number;
  probeTimeoutMs: number;
  /** Failed probes in a row before we reconnect (one 503 from a flaky server is not an outage). */
  probeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Tries to get our own name back before accepting another one. */
  sameNameTries: number;
  /** Wait before asking again for our name: longer than the server's grace for the old client. */
  sameNameWaitMs: number;
}

export const TUNNEL_TIMING: TunnelTiming = {
  openTimeoutMs: 20_000,
  probeIntervalMs: 60_000,
  probeTimeoutMs: 15_000,
  probeFailures: 2,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  sameNameTries: 3,
  sameNameWaitMs: 2_000,
};

export interface SupervisorOptions {
  provider: TunnelProvider;
  localPort: number;
  /** The name we had last time (persisted), or the owner's own; we ask for it on every connect. */
  subdomain: string;
  /** The owner chose the name (tunnel.subdomain): never give it up for a name the server picked. */
  fixedName?: boolean;
  /** The server gave us another name for good (never for a fixed name): remember it for next time. */
  onNewSubdomain(name: string): void;
  onStatus(status: TunnelStatus): void;
  logger: Logger;
  timing: TunnelTiming;
  random?: () => number;
}

type Outcome = { kind: 'failed'; reason: string } | { kind: 'now'; reason: string } | { kind: 'stop' };

/**
 * Keeps the tunnel up: connect, watch (client errors + periodic probe through the public URL),
 * reconnect with backoff and jitter, at once on wake or network change. Nothing here throws at
 * the host; every state change goes out through onStatus.
 */
export class TunnelSupervisor {
  private current: TunnelStatus = { state: 'connecting', since: new Date().toISOString() };
  private readonly options: SupervisorOptions;
  private wanted: string;
  /** The name our public URL had last, so only the first online under a new one says it changed. */
  private lastName: string;
  private stopped = false;
  private interrupt: ((outcome: Outcome) => void) | undefined;
  private attemptController = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(options: SupervisorOptions) {
    this.options = options;
    this.wanted = options.subdomain;
    this.lastName = options.subdomain;
  }

  get status(): TunnelStatus {
    return this.current;
  }

  /** Starts connecting in the background; never waits for the tunnel. */
  start(): void {
    if (this.loop) return;
    this.set({ state: 'connecting', since: new Date().toISOString() });
    this.loop = this.run().catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'tunnel supervisor stopped unexpectedly');
      this.set({
        state: 'offline',
        since: new Date().toISOString(),
        reason: 'The public address stopped after an internal error; restart Hooktray.',
        detail: (error as Error).message,
      });
    });
  }

  /** Wake from sleep or a network change: drop the tunnel and connect again now. */
  reconnectNow(reason = 'asked to reconnect'): void {
    if (this.stopped || !this.loop) return;
    this.attemptController.abort();
    this.interrupt?.({ kind: 'now', reason });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.attemptController.abort();
    this.interrupt?.({ kind: 'stop' });
    await this.loop;
    this.set({ state: 'offline', since: new Date().toISOString(), reason: 'Hooktray stopped.' });
  }

  private async run(): Promise<void> {
    const { timing } = this.options;
    let attempt = 0;
    let renames = 0;
    while (!this.stopped) {
      this.attemptController = new AbortController();
      let outcome: Outcome;
      let connection: TunnelConnection | undefined;
      try {
        connection = await this.options.provider.open({
          localPort: this.options.localPort,
          subdomain: this.wanted,
          signal: this.attemptController.signal,
          timeoutMs: timing.openTimeoutMs,
        });
      } catch (error) {
        outcome = this.stopped
          ? { kind: 'stop' }
          : this.attemptController.signal.aborted
            ? { kind: 'now', reason: 'asked to reconnect' }
            : { kind: 'failed', reason: (error as Error).message };
      }
      if (connection && connection.subdomain !== this.wanted && renames < timing.sameNameTries) {
        // Our old client may still hold the name for the server's grace period: free it, wait, ask again.
        connection.close();
        renames++;
        outcome = await this.pause(timing.sameNameWaitMs * renames);
        if (outcome.kind === 'stop') break;
        continue;
      }
      if (connection) {
        const urlChanged = connection.subdomain !== this.lastName;
        this.lastName = connection.subdomain;
        // A name the owner chose is asked for again on the next connect; a random one is replaced.
        if (connection.subdomain !== this.wanted && !this.options.fixedName) {
          this.wanted = connection.subdomain;
          this.options.onNewSubdomain(connection.subdomain);
        }
        renames = 0;
        attempt = 0;
        this.set({ state: 'online', since: new Date().toISOString(), url: connection.url, publicWebhooks: {}, urlChanged });
        outcome = await this.watch(connection);
        connection.close();
      }
      outcome ??= { kind: 'failed', reason: 'unknown' };
      if (outcome.kind === 'stop' || this.stopped) break;
      if (outcome.kind === 'now') {
        attempt = 0;
        this.options.logger.info({ reason: outcome.reason }, 'tunnel reconnecting now');
        this.set({ state: 'connecting', since: new Date().toISOString() });
        continue;
      }
      attempt++;
      const delay = reconnectDelay(attempt, timing, this.options.random);
      this.options.logger.warn({ reason: outcome.reason, attempt, delayMs: delay }, 'tunnel down; reconnecting');
      const reason = plainProblem(outcome.reason, this.options.provider.server);
      this.set({
        state: 'reconnecting',
        since: new Date().toISOString(),
        reason,
        detail: outcome.reason,
        nextTryAt: new Date(Date.now() + delay).toISOString(),
        attempt,
      });
      const waited = await this.pause(delay);
      if (waited.kind === 'stop') break;
      if (waited.kind === 'now') attempt = 0;
    }
  }

  /** Resolves when the tunnel fails, the probe gives up on it, or we are told to reconnect/stop. */
  private watch(connection: TunnelConnection): Promise<Outcome> {
    const { timing } = this.options;
    return new Promise<Outcome>((resolve) => {
      let failures = 0;
      let probing = false;
      let settled = false;
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearInterval(timer);
        this.interrupt = undefined;
        resolve(outcome);
      };
      this.interrupt = finish;
      const timer = setInterval(() => {
        if (probing) return;
        probing = true;
        void probeTunnel(connection, this.options.provider.server, timing.probeTimeoutMs).then((problem) => {
          probing = false;
          if (this.interrupt !== finish) return;
          failures = problem ? failures + 1 : 0;
          if (problem) this.options.logger.warn({ problem, failures }, 'tunnel health probe failed');
          if (problem && failures >= timing.probeFailures) finish({ kind: 'failed', reason: problem });
        });
      }, timing.probeIntervalMs);
      timer.unref();
      connection.onFailure((reason) => finish({ kind: 'failed', reason }));
    });
  }

  /** Waits `ms`, or less if told to reconnect now or stop. */
  private pause(ms: number): Promise<Outcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done({ kind: 'failed', reason: 'waited' }), ms);
      const done = (outcome: Outcome) => {
        clearTimeout(timer);
        this.interrupt = undefined;
        resolve(outcome);
      };
      this.interrupt = done;
    });
  }

  private set(status: TunnelStatus): void {
    this.current = status;
    this.options.onStatus(status);
  }
}
