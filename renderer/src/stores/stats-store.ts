import { defineStore } from 'pinia';
import type { DailyStats, STATS_PERIODS } from '../../../shared/daily-stats.ts';
import { transport } from './transport-ref.ts';

export type StatsPeriod = (typeof STATS_PERIODS)[number];

/** Home's daily numbers for the period the owner picked (a cache of stats.daily). */
export const useStatsStore = defineStore('stats', {
  state: () => ({ days: 14 as StatsPeriod, daily: undefined as DailyStats | undefined, error: '' }),
  actions: {
    async refresh() {
      try {
        this.daily = await transport().call('stats.daily', { days: this.days });
        this.error = '';
      } catch (error) {
        this.error = (error as Error).message;
      }
    },
    async show(days: StatsPeriod) {
      this.days = days;
      await this.refresh();
    },
  },
});
