import { accessSync, constants, statSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { HooktrayError } from '../../../shared/errors.ts';
import { findRecipe } from '../recipes/catalog.ts';

/**
 * A spreadsheet recipe's file, checked when the window saves it: its folder exists and Hooktray
 * may write there (and the file, if it is there already, is a file it may write). Otherwise the
 * first order would fail; told now, at the field, in words.
 */
export function checkSpreadsheetFile(recipe: string, settings: Record<string, unknown>): void {
  if (findRecipe(recipe)?.action !== 'spreadsheet') return;
  const file = typeof settings.file === 'string' ? settings.file.trim() : '';
  if (!file || !isAbsolute(file)) return; // the action's own schema words these
  const problem = fileProblem(file);
  if (problem) throw new HooktrayError('invalid_request', `The spreadsheet file: ${problem}`, [{ field: 'settings.file', message: problem }]);
}

function fileProblem(file: string): string | undefined {
  const folder = dirname(file);
  const folderStat = statSync(folder, { throwIfNoEntry: false });
  if (!folderStat) return `The folder ${folder} does not exist: pick a file in a folder that exists, or create the folder first.`;
  if (!folderStat.isDirectory()) return `${folder} is a file, not a folder: pick a file in a folder.`;
  const fileStat = statSync(file, { throwIfNoEntry: false });
  if (fileStat?.isDirectory()) return `${file} is a folder: add a file name ending in .csv or .xlsx.`;
  try {
    accessSync(fileStat ? file : folder, constants.W_OK);
  } catch {
    return fileStat
      ? `Hooktray may not change ${file}: pick a file you can edit, or change its permissions.`
      : `Hooktray may not save files in ${folder}: pick a folder you can save in, such as your Documents.`;
  }
  return undefined;
}
