import { API, type ApiHandlers, type ApiName } from '../../../shared/contract.ts';
import { HooktrayError, internalErrorBody } from '../../../shared/errors.ts';
import type { CallAnswer } from '../../../shared/ipc.ts';
import { argumentFieldName, invalidFields } from './field-errors.ts';

const isApiName = (name: unknown): name is ApiName => typeof name === 'string' && Object.hasOwn(API, name);

/**
 * One call from the window, whichever way it came (IPC in the desktop app, HTTP in the
 * dashboard): the operation must be in the contract, its arguments must pass the contract's
 * schema, and whatever goes wrong comes back as an error body. An unexpected error is handed to
 * `onInternal` (the log) and answered without its details, naming the log file when there is one.
 */
export async function dispatch(
  handlers: ApiHandlers,
  name: unknown,
  args: unknown,
  onInternal: (error: unknown) => void,
  logFile?: string,
): Promise<CallAnswer> {
  if (!isApiName(name)) return { ok: false, error: { error: 'not_found', message: `There is no operation "${String(name)}".` } };
  const parsed = API[name].args.safeParse(args ?? {});
  if (!parsed.success) return { ok: false, error: invalidFields(parsed.error.issues, argumentFieldName(name)).toBody() };
  try {
    const handler = handlers[name] as (args: unknown) => Promise<unknown>;
    return { ok: true, value: (await handler(parsed.data)) ?? null };
  } catch (error) {
    if (error instanceof HooktrayError) return { ok: false, error: error.toBody() };
    onInternal(error);
    return { ok: false, error: internalErrorBody(logFile) };
  }
}
