import type { TunnelStatus } from '../../../shared/tunnel.ts';
import type { TunnelHandle } from './start-tunnel.ts';

/**
 * The engine's tunnel across settings changes: restart() stops the current one and opens a new
 * one from the settings of that moment (a new server or provider applies without a restart).
 */
export class RestartableTunnel implements TunnelHandle {
  private current: TunnelHandle;
  private readonly open: () => TunnelHandle;
  private stopped = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(open: () => TunnelHandle) {
    this.open = open;
    this.current = open();
  }

  get status(): TunnelStatus {
    return this.current.status;
  }

  reconnectNow(reason?: string): TunnelStatus {
    return this.current.reconnectNow(reason);
  }

  /** Restarts happen one after another, never overlapping; none after stop(). */
  restart(): Promise<void> {
    this.queue = this.queue.then(async () => {
      if (this.stopped) return;
      await this.current.stop();
      if (!this.stopped) this.current = this.open();
    });
    return this.queue;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.queue;
    await this.current.stop();
  }
}
