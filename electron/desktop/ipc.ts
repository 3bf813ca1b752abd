import { ipcMain, type BrowserWindow } from 'electron';
import type { ApiHandlers } from '../../shared/contract.ts';
import { IPC_CHANNELS, type CallAnswer } from '../../shared/ipc.ts';
import type { EngineEvents } from '../engine/engine-events.ts';
import type { Logger } from '../engine/log/logger.ts';
import { dispatch } from '../engine/api/dispatch.ts';
import { isTrustedSender } from './sender-check.ts';

/**
 * Binds the engine's handlers to the one call channel and forwards live events to the window,
 * if there is one and it is not destroyed. Returns the unbind function.
 */
export function bindIpc(deps: {
  handlers: ApiHandlers;
  events: EngineEvents;
  window: () => BrowserWindow | undefined;
  indexHtml: string;
  logger: Logger;
  logFile?: string;
}): () => void {
  ipcMain.handle(IPC_CHANNELS.call, async (event, name: unknown, args: unknown): Promise<CallAnswer> => {
    const win = deps.window();
    const mainFrame = win && !win.isDestroyed() ? win.webContents.mainFrame : undefined;
    if (!isTrustedSender(event.senderFrame, mainFrame, deps.indexHtml))
      return { ok: false, error: { error: 'forbidden', message: 'Only the Hooktray window may do this.' } };
    return dispatch(deps.handlers, name, args, (error) => deps.logger.error({ err: error, operation: name }, 'window request failed'), deps.logFile);
  });
  const stop = deps.events.forward((name, data) => {
    const win = deps.window();
    if (win && !win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(IPC_CHANNELS.event, name, data);
  });
  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.call);
    stop();
  };
}
