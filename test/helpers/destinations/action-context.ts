import { pino } from 'pino';
import type { HooktrayEvent } from '../../../shared/events.ts';
import type { ActionContext, ActionDefinition, ActionResult } from '../../../electron/engine/actions/action.ts';
import { MailTransports } from '../../../electron/engine/actions/mail-transports.ts';
import { findRecipe } from '../../../electron/engine/recipes/catalog.ts';
import { sampleDelivery } from '../../../electron/engine/recipes/sample-events.ts';
import { TemplateRenderer, templateContext } from '../../../electron/engine/templates/renderer.ts';
import { tempDir } from '../temp-dir.ts';

export const INSTALL_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';

/** Runs one action directly, as the runner would: its recipe's templates, real fetch, a temp data folder. */
export async function runAction(
  action: ActionDefinition<unknown>,
  settings: unknown,
  options: { recipe: string; event?: HooktrayEvent; runId?: number; attempt?: number; test?: boolean; dataDir?: string; templates?: Record<string, string> },
): Promise<ActionResult> {
  const definition = findRecipe(options.recipe);
  if (!definition) throw new Error(`no recipe ${options.recipe}`);
  const event = options.event ?? sampleDelivery(definition).event;
  const templates = { ...definition.templates, ...options.templates };
  const renderer = new TemplateRenderer();
  const context = templateContext(event, { id: definition.id, title: definition.title }, options.test ?? false);
  const ctx: ActionContext<unknown> = {
    settings: action.settings.parse(settings),
    event,
    render: async (name) => (templates[name] === undefined ? undefined : renderer.render(name, templates[name], context, action.templateValue)),
    runId: options.runId ?? 1,
    attempt: options.attempt ?? 1,
    test: options.test ?? false,
    services: {
      smtp: () => undefined,
      mail: new MailTransports(1),
      fetch: globalThis.fetch,
      logger: pino({ level: 'silent' }),
      installId: INSTALL_ID,
      dataDir: options.dataDir ?? tempDir(),
    },
    signal: AbortSignal.timeout(10_000),
  };
  return action.run(ctx);
}
