import { defineStore } from 'pinia';
import { brokenPlatforms, type PlatformIntake } from '../../../shared/platform-intake.ts';
import type { SourceId } from '../../../shared/sources.ts';
import { transport } from './transport-ref.ts';

/** Each platform's intake (last received, last refused, refused in a row): a cache of platforms.intake. */
export const useIntakeStore = defineStore('intake', {
  state: () => ({ platforms: [] as PlatformIntake[], loaded: false }),
  getters: {
    /** The platforms whose deliveries are all being refused (the rule in shared/platform-intake.ts). */
    broken: (state) => brokenPlatforms(state.platforms),
    of: (state) => (source: SourceId) => state.platforms.find((p) => p.source === source),
    /** Whether any platform has sent something that was accepted. */
    anyReceived: (state) => state.platforms.some((p) => p.lastReceivedAt !== undefined),
  },
  actions: {
    async refresh() {
      this.platforms = await transport().call('platforms.intake', {});
      this.loaded = true;
    },
  },
});
