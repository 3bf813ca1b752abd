import { app, dialog, type BrowserWindow, type SaveDialogOptions } from 'electron';
import { join } from 'node:path';
import type { ApiArgs, ApiResult } from '../../shared/contract.ts';

const FILTERS: Record<'csv' | 'xlsx', { name: string; extensions: string[] }> = {
  csv: { name: 'CSV file', extensions: ['csv'] },
  xlsx: { name: 'Excel workbook', extensions: ['xlsx'] },
};

/** app.chooseFile on the desktop: the system's save dialog, starting in Documents, for the file a recipe writes. */
export async function chooseFile(
  window: BrowserWindow | undefined,
  { extension, suggested, probe }: ApiArgs<'app.chooseFile'>,
): Promise<ApiResult<'app.chooseFile'>> {
  if (probe) return { available: true };
  const options: SaveDialogOptions = {
    title: 'Where should Hooktray keep the rows?',
    defaultPath: join(app.getPath('documents'), suggested ?? `hooktray.${extension}`),
    filters: [FILTERS[extension]],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const answer = window && !window.isDestroyed() ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (answer.canceled || !answer.filePath) return { available: true };
  const path = answer.filePath.toLowerCase().endsWith(`.${extension}`) ? answer.filePath : `${answer.filePath}.${extension}`;
  return { available: true, path };
}
