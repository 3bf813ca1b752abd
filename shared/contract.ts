import { z } from 'zod';
import type { ActivityEntry, DeliveryNotice, RunNotice } from './activity.ts';
import type { CatchUpReport, GuardReport, OfflineSummary } from './catchup.ts';
import type { RecipeDefinition, RecipeInstance } from './recipes.ts';
import type { Rejection, RunDetail, RunStatus, RunSummary } from './runs.ts';
import { RUN_STATUSES } from './runs.ts';
import { SOURCE_IDS, type SourceGuide, type SourceId } from './sources.ts';
import type { TunnelStatus } from './tunnel.ts';

export interface EngineStatus {
  version: string;
  startedAt: string;
  paused: boolean;
  /** Local webhook URL per source. */
  webhooks: Partial<Record<SourceId, string>>;
  runs: Record<RunStatus, number>;
  deliveries: { accepted: number; duplicates: number; rejected: number; throttled: number };
  recipes: RecipeInstance[];
}

/**
 * Every operation that crosses a process boundary (IPC in the desktop app, HTTP in the headless
 * dashboard), once: its name, argument schema and result type. Preload allow-list, main-process
 * handlers, HTTP routes and renderer calls all derive from this map.
 */
export const API = {
  'status.get': { args: z.object({}).strict(), result: {} as EngineStatus },
  'runs.list': {
    args: z.strictObject({
      status: z.enum(RUN_STATUSES).optional(),
      recipeId: z.string().optional(),
      limit: z.number().int().min(1).max(500).optional(),
      beforeId: z.number().int().positive().optional(),
    }),
    result: [] as RunSummary[],
  },
  'runs.get': { args: z.strictObject({ id: z.number().int().positive() }), result: {} as RunDetail },
  'runs.retry': { args: z.strictObject({ id: z.number().int().positive() }), result: {} as RunSummary },
  'rejections.list': { args: z.strictObject({ limit: z.number().int().min(1).max(500).optional() }), result: [] as Rejection[] },
  'recipes.catalog': { args: z.object({}).strict(), result: [] as RecipeDefinition[] },
  'recipes.setEnabled': { args: z.strictObject({ id: z.string(), enabled: z.boolean() }), result: [] as RecipeInstance[] },
  /** Send test event: runs the recipe once with a realistic sample of its trigger; the run is marked as a test. */
  'recipes.sendTest': { args: z.strictObject({ id: z.string().min(1) }), result: {} as RunSummary },
  'engine.setPaused': { args: z.strictObject({ paused: z.boolean() }), result: {} as { paused: boolean } },
  'sources.guides': { args: z.object({}).strict(), result: [] as SourceGuide[] },
  /** Fetch what was missed while offline from the platforms' APIs; dryRun only reports. */
  'catchup.run': { args: z.strictObject({ since: z.iso.datetime({ offset: true }).optional(), dryRun: z.boolean().optional() }), result: [] as CatchUpReport[] },
  /** The latest offline period in plain words, or null if Hooktray has never been offline. */
  'offline.summary': { args: z.object({}).strict(), result: null as OfflineSummary | null },
  /** Point the platforms' webhooks at these public addresses (by source), where API credentials allow. */
  'subscriptions.guard': { args: z.strictObject({ urls: z.partialRecord(z.enum(SOURCE_IDS), z.url()) }), result: [] as GuardReport[] },
  'sources.regenerateToken': { args: z.strictObject({ source: z.enum(SOURCE_IDS) }), result: {} as { url: string } },
  /** The public URL's state: connecting, online (with the public webhook addresses), reconnecting, offline. */
  'tunnel.status': { args: z.object({}).strict(), result: {} as TunnelStatus },
  /** Reconnect the tunnel now: the desktop shell calls this on wake from sleep and on network changes. */
  'tunnel.reconnect': { args: z.strictObject({ reason: z.string().max(200).optional() }), result: {} as TunnelStatus },
} as const;

export type ApiName = keyof typeof API;
export type ApiArgs<N extends ApiName> = z.infer<(typeof API)[N]['args']>;
export type ApiResult<N extends ApiName> = (typeof API)[N]['result'];
export type ApiHandlers = { [N in ApiName]: (args: ApiArgs<N>) => Promise<ApiResult<N>> };

/** Live events pushed to the UI (IPC events or server-sent events). */
export interface LiveEvents {
  delivery: DeliveryNotice;
  run: RunNotice;
  activity: ActivityEntry;
  tunnel: TunnelStatus;
}
export type LiveEventName = keyof LiveEvents;
