import { dialog, shell } from 'electron';
import { dirname } from 'node:path';
import { SettingsError } from '../engine/settings/settings-store.ts';

/**
 * Tells the owner Hooktray could not start, in the engine's words (a settings problem names the
 * field), with where the log is and a button that opens its folder.
 */
export async function showStartFailure(error: unknown, logFile: string): Promise<void> {
  const message = error instanceof SettingsError ? error.message : (error as Error).message;
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Hooktray could not start',
    message: 'Hooktray could not start',
    detail: `${message}\n\nThe details are in its log: ${logFile}`,
    buttons: ['Quit', 'Open log folder'],
    defaultId: 0,
    cancelId: 0,
  });
  if (response === 1) await shell.openPath(dirname(logFile));
}
