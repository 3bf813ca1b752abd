import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { z } from 'zod';
import { ActionError, defineAction } from './action.ts';
import { appendCsvRow, SpreadsheetMismatch, type AppendOutcome } from './csv-file.ts';
import { withFileLock } from './file-lock.ts';
import { appendXlsxRow } from './xlsx-file.ts';

export const spreadsheetSettingsSchema = z.strictObject({
  /** Where the rows go: a .csv or .xlsx file, created on the first row. */
  file: z
    .string({ error: 'give the full path of the .csv or .xlsx file rows go to' })
    .trim()
    .refine((f) => isAbsolute(f), 'give the full path of the file, e.g. C:\\Users\\me\\Documents\\orders.xlsx or /Users/me/orders.csv')
    .refine((f) => /\.(csv|xlsx)$/i.test(f), 'the file name must end in .csv or .xlsx'),
  /** Column titles in order; each is filled by the recipe's "column:<title>" template. */
  columns: z.array(z.string().trim().min(1).max(100)).min(1, 'pick at least one column').optional(),
  /** CSV only: ";" for spreadsheet apps set up for a decimal comma. */
  delimiter: z.enum([',', ';']).default(','),
});

/**
 * Appends one row per event to the owner's CSV or XLSX file. Columns are the recipe's "columns"
 * (or the `columns` template: titles separated by commas); the value of each column is the
 * recipe's `column:<title>` template. The run's id goes in a last column, so a retry never adds
 * a second row (see csv-file.ts and xlsx-file.ts for how a kill mid-write is survived).
 */
export const spreadsheet = defineAction({
  id: 'spreadsheet',
  title: 'Add a row to a spreadsheet file',
  settings: spreadsheetSettingsSchema,
  async run(ctx) {
    const { file, delimiter } = ctx.settings;
    const header =
      ctx.settings.columns ??
      ((await ctx.render('columns')) ?? '')
        .split(/[,\n]/)
        .map((c) => c.trim())
        .filter(Boolean);
    if (!header.length) throw new ActionError('permanent', 'This recipe has no columns: add some under its "columns" setting.');
    const cells = await Promise.all(
      header.map(async (title) => {
        const value = await ctx.render(`column:${title}`);
        if (value === undefined)
          throw new ActionError(
            'permanent',
            `The column "${title}" has no template: add one named "column:${title}" to the recipe's templates (e.g. "{{ order.number }}").`,
          );
        return value.trim();
      }),
    );
    if (!existsSync(dirname(file)) || !statSync(dirname(file)).isDirectory()) {
      throw new ActionError('permanent', `The folder ${dirname(file)} does not exist: pick a file in an existing folder.`);
    }
    const rowId = `${ctx.runId}@${ctx.services.installId}`;
    let result: AppendOutcome;
    try {
      result = await withFileLock(file, () =>
        /\.xlsx$/i.test(file) ? appendXlsxRow(file, header, cells, rowId) : appendCsvRow(file, header, cells, rowId, delimiter),
      );
    } catch (error) {
      throw fileError(error, file);
    }
    if (result.repaired)
      ctx.services.logger.warn({ file }, 'the spreadsheet ended in a half-written row (the app was stopped mid-write); that row was removed');
    return { detail: result.outcome === 'present' ? `row already in ${file}; not added again` : `row added to ${file}` };
  },
});

function fileError(error: unknown, file: string): ActionError {
  if (error instanceof ActionError) return error;
  if (error instanceof SpreadsheetMismatch) return new ActionError('permanent', error.message);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
    // Excel on Windows locks a file it has open; the owner closing it is the usual fix.
    return new ActionError('transient', `Could not write ${file} (${code}): if it is open in Excel or another program, close it; Hooktray tries again.`, {
      cause: error,
    });
  }
  if (code === 'ENOSPC') return new ActionError('transient', `The disk holding ${file} is full; Hooktray tries again once there is space.`, { cause: error });
  if (code === 'EROFS') return new ActionError('permanent', `${file} is on a read-only disk: pick another place for it.`, { cause: error });
  return new ActionError('permanent', `Could not write ${file}: ${(error as Error).message}`, { cause: error });
}
