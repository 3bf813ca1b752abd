import type { Logger } from 'pino';
import type { z } from 'zod';
import type { SmtpSettings } from '../../../shared/config.ts';
import type { HooktrayEvent } from '../../../shared/events.ts';
import type { MailTransports } from './mail-transports.ts';

/**
 * How a failed attempt should be treated. Transient: try again later (network, 5xx, 408, 429).
 * Permanent: trying again cannot help until the owner changes something (other 4xx, bad settings).
 */
export class ActionError extends Error {
  readonly kind: 'transient' | 'permanent';
  readonly retryAfterMs: number | undefined;
  /** The destination asked us to slow down (HTTP 429): the wait does not use up the run's attempts. */
  readonly rateLimited: boolean;
  constructor(kind: 'transient' | 'permanent', message: string, options: { retryAfterMs?: number; rateLimited?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ActionError';
    this.kind = kind;
    this.retryAfterMs = options.retryAfterMs;
    this.rateLimited = options.rateLimited ?? false;
  }
}

/** What actions may use besides their own settings; hosts provide it, tests replace it. */
export interface ActionServices {
  smtp: () => SmtpSettings | undefined;
  /** Pooled SMTP connections for the current smtp settings. */
  mail: MailTransports;
  fetch: typeof fetch;
  logger: Logger;
  /** Stable id of this installation, for idempotency keys (e.g. email Message-IDs). */
  installId: string;
  dataDir: string;
}

export interface ActionContext<S> {
  settings: S;
  event: HooktrayEvent;
  /** Renders one of the recipe's templates by name ("subject", "text", "html"); undefined if it has none. */
  render(name: string): Promise<string | undefined>;
  runId: number;
  attempt: number;
  test: boolean;
  services: ActionServices;
  signal: AbortSignal;
}

export interface ActionResult {
  /** Shown in the log: "sent to team@example.com", "HubSpot contact 123 updated". */
  detail?: string;
}

export interface ActionDefinition<S = unknown> {
  id: string;
  title: string;
  /** Validates and fills defaults of the recipe's settings; errors name the field. */
  settings: z.ZodType<S>;
  /**
   * How a value from a delivery is written into this action's templates (chat markup escaped, see
   * chat-markup.ts); absent: as it is. Templates whose name ends in "html" are HTML-escaped anyway.
   */
  templateValue?: (value: unknown) => string;
  run(ctx: ActionContext<S>): Promise<ActionResult>;
  /**
   * Choices for a field the owner picks from the destination's own lists (an audience, a board, a
   * project), fetched with the settings filled in so far: each action checks the ones it needs
   * (a zod error names them).
   */
  choices?(field: string, settings: Record<string, unknown>, ctx: Pick<ActionContext<S>, 'services' | 'signal'>): Promise<Choice[]>;
}

/** One thing the owner can pick: the id that is saved and the words shown. */
export interface Choice {
  value: string;
  label: string;
}

/** Erases the settings type so definitions can share one registry. */
export function defineAction<S>(definition: ActionDefinition<S>): ActionDefinition<unknown> {
  return definition as unknown as ActionDefinition<unknown>;
}
