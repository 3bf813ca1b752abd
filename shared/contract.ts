import { z } from 'zod';
import type { LogLine } from './log-line.ts';
import type { API_NAMES, LIVE_EVENT_NAMES } from './api-names.ts';
import type { ActivityDetail, ActivityPage, DeliveryOrigin } from './activity-view.ts';
import { STATS_PERIODS, type DailyStats } from './daily-stats.ts';
import type { CatchUpReport, GuardReport, OfflineSummary } from './catchup.ts';
import { recipeFilterConditionSchema, smtpSettingsSchema, type SmtpSettings } from './config.ts';
import type { MailSetup, MailTestResult } from './mail-providers.ts';
import { apiUpdateSchema, sourcesUpdateSchema } from './platform-schemas.ts';
import type { RecipeBuilder, RecipeDefinition, RecipeInstance } from './recipes.ts';
import type { AcceptAgainResult, RefusedRelayed } from './relayed.ts';
import type { PlatformIntake } from './platform-intake.ts';
import type { Rejection, Run, RunDetail, RunStatus } from './runs.ts';
import { RUN_STATUSES } from './runs.ts';
import { SOURCE_IDS, type CatchUpSourceId, type SourceGuide, type SourceId } from './sources.ts';

export type { CatchUpSourceId };
import { TUNNEL_PROVIDERS, type TunnelProviderName, type TunnelStatus } from './tunnel.ts';

/**
 * The activity view's filters. `tests: true` lists only what Send test event sent, `false` leaves
 * it out; a `status` alone counts real work only (a failed test is not a failure that needs the owner).
 */
const ACTIVITY_FILTER = z.strictObject({
  source: z.enum(SOURCE_IDS).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  tests: z.boolean().optional(),
  recipeId: z.string().optional(),
  search: z.string().max(200).optional(),
});

/** A recipe as the wizard saves it. */
const RECIPE_SAVE = z.strictObject({
  recipe: z.string().min(1),
  id: z.string().optional(),
  enabled: z.boolean(),
  settings: z.record(z.string(), z.unknown()),
  templates: z.record(z.string(), z.string()).optional(),
  filter: z.array(recipeFilterConditionSchema).max(20, 'keep it to 20 conditions at most').optional(),
});
/** The wizard's form as it would be saved, switched on or off aside: what a test of unsaved changes runs. */
const RECIPE_DRAFT = RECIPE_SAVE.omit({ enabled: true });
export type RecipeDraft = z.infer<typeof RECIPE_DRAFT>;

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
    result: [] as Run[],
  },
  'runs.get': { args: z.strictObject({ id: z.number().int().positive() }), result: {} as RunDetail },
  'runs.retry': { args: z.strictObject({ id: z.number().int().positive() }), result: {} as Run },
  /** The activity view: deliveries and their runs, newest first, filtered, keyset-paged; `offset` jumps deep (a dragged scrollbar). */
  'activity.list': {
    args: ACTIVITY_FILTER.extend({
      beforeId: z.number().int().positive().optional(),
      offset: z.number().int().min(0).max(100_000_000).optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    result: {} as ActivityPage,
  },
  /** How many deliveries match the filters: the activity list's full scroll height. */
  'activity.count': { args: ACTIVITY_FILTER, result: {} as { total: number } },
  'activity.get': { args: z.strictObject({ eventId: z.number().int().positive() }), result: {} as ActivityDetail },
  /** Replay: run the enabled recipes this event triggers again, as new runs. */
  'activity.replay': { args: z.strictObject({ eventId: z.number().int().positive() }), result: {} as { runIds: number[] } },
  /** Home's chart and today line: per day and platform, orders and payments received, runs done and failed; tests and replays left out. */
  'stats.daily': {
    args: z.strictObject({ days: z.literal(STATS_PERIODS) }),
    result: {} as DailyStats,
  },
  /** Refused requests, newest first: one platform's (`source`), older than `beforeId` (the next page). */
  'rejections.list': {
    args: z.strictObject({
      limit: z.number().int().min(1).max(500).optional(),
      source: z.enum(SOURCE_IDS).optional(),
      beforeId: z.number().int().positive().optional(),
    }),
    result: [] as Rejection[],
  },
  /** Per platform that ever sent something: last received, last refused, refused in a row since (shared/platform-intake.ts). */
  'platforms.intake': { args: z.object({}).strict(), result: [] as PlatformIntake[] },
  /** Deliveries our relay kept while this computer was away that were then refused, kept whole, oldest first. */
  'relayed.refused': { args: z.object({}).strict(), result: [] as RefusedRelayed[] },
  /** "Accept again": check one of those once more with today's settings; accepted, it runs and is no longer kept. */
  'relayed.acceptAgain': { args: z.strictObject({ id: z.number().int().positive() }), result: {} as AcceptAgainResult },
  'recipes.catalog': { args: z.object({}).strict(), result: [] as RecipeDefinition[] },
  /** Build your own: each platform with the kinds of event it sends, each action with the kinds it can take. */
  'recipes.builder': { args: z.object({}).strict(), result: {} as RecipeBuilder },
  /** The recipe a trigger and an action make; refused (invalid_request, saying why) for a pair that cannot work. */
  'recipes.compose': {
    args: z.strictObject({ source: z.union([z.enum(SOURCE_IDS), z.literal('any')]), kind: z.string().min(1).max(40), action: z.string().min(1).max(40) }),
    result: {} as RecipeDefinition,
  },
  /**
   * The destination's own choices for a field (audiences, boards, lists, projects), fetched with
   * the settings filled in so far; `id` names the saved recipe whose secrets to use when left empty.
   */
  'recipes.choices': {
    args: z.strictObject({ recipe: z.string().min(1), id: z.string().optional(), field: z.string().min(1), settings: z.record(z.string(), z.unknown()) }),
    result: [] as { value: string; label: string }[],
  },
  /** A template rendered for the recipe's test sample, as the wizard shows it while the owner types; a JSON body that fails says on which line. */
  'recipes.preview': {
    args: z.strictObject({ recipe: z.string().min(1), name: z.string().min(1).max(100), template: z.string().max(100_000) }),
    result: {} as { text: string } | { error: string; line?: number },
  },
  'recipes.setEnabled': { args: z.strictObject({ id: z.string(), enabled: z.boolean() }), result: [] as RecipeInstance[] },
  /**
   * Send test event: runs a recipe once with a realistic sample of its trigger; the run is marked
   * as a test. `id`: a saved recipe as saved. `draft`: the wizard's form as recipes.save would
   * take it, checked as Save checks it, run as it is and stored nowhere (a secret left empty keeps the saved one).
   */
  'recipes.sendTest': { args: z.strictObject({ id: z.string().min(1).optional(), draft: RECIPE_DRAFT.optional() }), result: {} as Run },
  /**
   * Add or change one of the owner's recipes (the wizard's "Turn on"); errors name the field.
   * `filter` replaces the stored conditions ([] removes them); left out, they are kept.
   */
  'recipes.save': { args: RECIPE_SAVE, result: [] as RecipeInstance[] },
  'recipes.remove': { args: z.strictObject({ id: z.string().min(1) }), result: [] as RecipeInstance[] },
  /** Settings with every secret replaced by "set" or "not set". */
  'settings.get': { args: z.object({}).strict(), result: {} as MaskedSettings },
  /**
   * Change settings; a secret sent as "" (or left out) keeps its stored value, null removes it
   * (the generic source's signatureHeader and secret go together: removing one removes both).
   */
  'settings.update': {
    args: z.strictObject({
      /** The settings file's own shape: what the window can save is what the file can hold. */
      smtp: smtpSettingsSchema.optional(),
      /** Per platform, exactly the keys it reads (shared/platforms.ts). */
      sources: sourcesUpdateSchema.optional(),
      /** Catch-up credentials; merged into sources.<id>.api like the values above. */
      api: apiUpdateSchema.optional(),
      /**
       * host "" keeps the stored one (it may carry a relay secret); subdomain "" goes back to the kept random name;
       * fingerprint (our relay's certificate, to pin) "" removes it, left out keeps it.
       */
      tunnel: z
        .strictObject({
          provider: z.enum(TUNNEL_PROVIDERS),
          host: z.string().optional(),
          subdomain: z.string().optional(),
          fingerprint: z.string().max(200).optional(),
        })
        .optional(),
      /** Desktop notifications on or off (the desktop app only). */
      notifications: z.boolean().optional(),
    }),
    result: {} as MaskedSettings,
  },
  /** Email setup from the owner's address: the outgoing server from a known provider, DNS SRV records or the domain's autoconfig document. */
  'mail.setup': { args: z.strictObject({ address: z.string().trim().max(320) }), result: {} as MailSetup },
  /**
   * Send test email: one message to `to` through `smtp` as the form shows it (its password ""
   * keeps the saved one), or through the saved settings; the answer says what went wrong in words.
   */
  'mail.sendTest': {
    args: z.strictObject({ to: z.string().trim().pipe(z.email('must be an email address like you@example.com')), smtp: smtpSettingsSchema.optional() }),
    result: {} as MailTestResult,
  },
  /** Connect to the saved mail server and log in, sending nothing: Settings → Email checks it after Save. `problem` is unset when it worked. */
  'mail.check': { args: z.object({}).strict(), result: {} as MailTestResult },
  /** Start Hooktray when the owner logs in: only the desktop app can (available: false, with the reason, elsewhere). */
  'app.startAtLogin': { args: z.strictObject({ enabled: z.boolean().optional() }), result: {} as { available: boolean; enabled: boolean; reason?: string } },
  /** Open the folder that holds the log files in the file manager: only the desktop app can (opened: false elsewhere; the folder is in settings.get). */
  'app.openLogFolder': { args: z.object({}).strict(), result: {} as { opened: boolean; folder?: string } },
  /**
   * A save dialog for a file Hooktray writes (a spreadsheet recipe's): only the desktop app has one
   * (available: false elsewhere, where the path is typed and checked when saved). `probe` only asks whether it can.
   */
  'app.chooseFile': {
    args: z.strictObject({ extension: z.enum(['csv', 'xlsx']), suggested: z.string().max(260).optional(), probe: z.boolean().optional() }),
    result: {} as { available: boolean; path?: string },
  },
  'engine.setPaused': { args: z.strictObject({ paused: z.boolean() }), result: {} as { paused: boolean } },
  'sources.guides': { args: z.object({}).strict(), result: [] as SourceGuide[] },
  /** Fetch what was missed while offline from the platforms' APIs; dryRun only reports. */
  'catchup.run': {
    args: z.strictObject({ since: z.iso.datetime({ offset: true }).optional(), dryRun: z.boolean().optional() }),
    result: [] as CatchUpReport[],
  },
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
// The zod-free name lists (shared/api-names.ts) must name exactly these operations and events.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatch: Same<ApiName, (typeof API_NAMES)[number]> & Same<LiveEventName, (typeof LIVE_EVENT_NAMES)[number]> = true;
void namesMatch;
export type ApiArgs<N extends ApiName> = z.infer<(typeof API)[N]['args']>;
export type ApiResult<N extends ApiName> = (typeof API)[N]['result'];
export type ApiHandlers = { [N in ApiName]: (args: ApiArgs<N>) => Promise<ApiResult<N>> };

/** What the settings screen may see: values, except secrets, which are only "set" or not. */
export interface MaskedSettings {
  /** The mail server as saved, its password only as set or not. */
  smtp?: Omit<SmtpSettings, 'password'> & { passwordSet: boolean };
  sources: Partial<Record<SourceId, Record<string, string | boolean>>>;
  /** Catch-up credentials by platform (only those connected): shop, url, clientId, consumerKey as text, each secret as set (true). */
  api: Partial<Record<CatchUpSourceId, Record<string, string | boolean>>>;
  paused: boolean;
  /** The tunnel server shown without its path (a relay secret lives there). */
  tunnel: { provider: TunnelProviderName; server: string; hostHasSecret: boolean; subdomain?: string; fingerprint?: string };
  /** Where deliveries, runs and settings are kept. */
  dataDir: string;
  /** How this host keeps secrets, and its desktop notifications (null: this host shows none). */
  computer: {
    secrets: 'encrypted' | 'plain';
    settingsFile: string;
    notifications: boolean | null;
    /** This host's log file (older ones beside it), when it keeps one. */
    logFile?: string;
    /** Saved secrets the desktop app could not decrypt (its key store changed, or the settings came from another computer): to be typed in again. */
    secretsToReenter?: SecretToReenter[];
    /** Where the tray icon is on this system, in words (the desktop app only). */
    trayHint?: string;
  };
}

/** A saved secret that must be typed in again: where it is in the settings ("smtp.password", "sources.shopify.secret", "recipes.<id>.settings.token") and what it is, in words. */
export interface SecretToReenter {
  path: string;
  label: string;
}

/** What changed when settings were saved (pause, a recipe switched, saved or removed), from the window, the tray or a file. */
export interface SettingsNotice {
  paused: boolean;
  /** The owner's recipes, secrets masked as in status.get. */
  recipes: RecipeInstance[];
}

/** What a delivery did, as the live event stream tells it. */
export interface DeliveryNotice {
  source: SourceId;
  platformEvent: string;
  duplicate: boolean;
  summaries: string[];
  runIds: number[];
  origin: DeliveryOrigin;
}

/** Live events pushed to the UI (IPC events or server-sent events). */
export interface LiveEvents {
  /** A delivery was stored (from a platform, catch-up or Send test): told once it is safe on disk. */
  delivery: DeliveryNotice;
  /** A request was refused and recorded (a wrong signature, a malformed body…), with why. */
  refusal: Rejection;
  run: Run;
  /** A line for the owner's log (the tray, Home's recent list). */
  log: LogLine;
  tunnel: TunnelStatus;
  settings: SettingsNotice;
}
export type LiveEventName = keyof LiveEvents;
