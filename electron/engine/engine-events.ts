import { EventEmitter } from 'node:events';
import type { ActivityEntry, DeliveryNotice, RunNotice } from '../../shared/activity.ts';
import type { SettingsNotice } from '../../shared/contract.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';

/** Everything the engine tells its hosts (CLI JSON lines, dashboard stream, tray). */
export interface EngineEventMap {
  delivery: [DeliveryNotice];
  run: [RunNotice];
  activity: [ActivityEntry];
  tunnel: [TunnelStatus];
  /** Settings were saved: pause and recipes, so the tray and the window show the same. */
  settings: [SettingsNotice];
}

export class EngineEvents extends EventEmitter<EngineEventMap> {
  constructor() {
    super({ captureRejections: false });
    // Hosts and open dashboard streams each subscribe; that is not a leak.
    this.setMaxListeners(100);
  }

  activity(level: ActivityEntry['level'], text: string, extra: Omit<ActivityEntry, 'at' | 'level' | 'text'> = {}): void {
    this.emit('activity', { at: new Date().toISOString(), level, text, ...extra });
  }
}
