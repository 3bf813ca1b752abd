import type { Settings } from '../../../shared/config.ts';
import type { ActionServices } from '../actions/action.ts';
import type { Logger } from '../log/logger.ts';
import type { MailSetupDeps } from '../mail/mail-setup.ts';
import type { EngineEvents } from '../engine-events.ts';
import type { LiveParts } from '../live-parts.ts';
import type { DraftRecipes } from '../recipes/draft-recipes.ts';
import type { RecipeSet } from '../recipes/recipe-set.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import type { TunnelHandle } from '../tunnel/start-tunnel.ts';

/**
 * What the operations need of the engine. The Engine class is one; the handlers depend on this
 * shape, not on the class, so the engine can build its handlers without an import circle.
 */
export interface EngineCore {
  readonly options: {
    readonly dataDir: string;
    readonly settings: SettingsStore;
    readonly logFile?: string;
    readonly logger: Logger;
    /** What actions use, where a host or a test replaced it. */
    readonly services?: Partial<ActionServices>;
    /** How email setup looks things up (tests point it at 127.0.0.1). */
    readonly mailLookup?: Partial<MailSetupDeps>;
  };
  readonly events: EngineEvents;
  readonly currentSettings: Settings;
  readonly currentRecipes: RecipeSet;
  /** Recipes as edited in the wizard, for tests of unsaved changes (memory only). */
  readonly drafts: DraftRecipes;
  /** The parts of a started engine; throws before start(). */
  readonly state: LiveParts;
  readonly isStarted: boolean;
  readonly tunnel: TunnelHandle | undefined;
  updateSettings(next: unknown): Settings;
  /** What updateSettings would apply, checked the same way, saving nothing (throws SettingsError). */
  checkSettings(next: unknown): { settings: Settings; recipes: RecipeSet };
}
