import { EventEmitter } from 'node:events';
import type { LogLine } from '../../shared/log-line.ts';
import { LIVE_EVENT_NAMES } from '../../shared/api-names.ts';
import type { LiveEvents } from '../../shared/contract.ts';
import type { LiveListener } from '../../shared/ipc.ts';

/**
 * Everything the engine tells its hosts (CLI JSON lines, dashboard stream, tray): exactly the
 * contract's live events, each with its one argument.
 */
export type EngineEventMap = { [K in keyof LiveEvents]: [LiveEvents[K]] };

export class EngineEvents extends EventEmitter<EngineEventMap> {
  constructor() {
    super({ captureRejections: false });
    // Hosts and open dashboard streams each subscribe; that is not a leak.
    this.setMaxListeners(100);
  }

  /** Hands every live event to `listener`, as the transports forward them; returns the way to stop. */
  forward(listener: LiveListener): () => void {
    const offs = LIVE_EVENT_NAMES.map((name) => {
      const one = (data: unknown) => listener(name, data as never);
      // One listener type for every name: the map's per-name types meet in `listener` instead.
      this.on(name, one as never);
      return () => this.off(name, one as never);
    });
    return () => {
      for (const off of offs) off();
    };
  }

  /** A line for the owner's log. */
  log(level: LogLine['level'], text: string, extra: Omit<LogLine, 'at' | 'level' | 'text'> = {}): void {
    this.emit('log', { at: new Date().toISOString(), level, text, ...extra });
  }
}
