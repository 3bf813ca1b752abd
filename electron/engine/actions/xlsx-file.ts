import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Workbook, Worksheet } from 'exceljs';
import { SpreadsheetMismatch, type AppendOutcome } from './csv-file.ts';

const SHEET = 'Hooktray';

/**
 * Appends one row to an .xlsx workbook. An xlsx file is a zip that must be rewritten whole, so
 * the new version goes to a temp file next to it, is fsynced, then renamed over the old one: a
 * kill at any moment leaves the old or the new workbook, never half of one. The last column
 * (hidden) holds the row's id, so a retried run finds its row and adds nothing.
 * exceljs is loaded on first use, like nodemailer: an app without spreadsheet recipes never pays.
 */
export async function appendXlsxRow(file: string, header: readonly string[], cells: readonly string[], rowId: string): Promise<AppendOutcome> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  let sheet: Worksheet;
  if (existsSync(file)) {
    await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    sheet = workbook.getWorksheet(SHEET) ?? workbook.worksheets[0] ?? addSheet(workbook, header);
    const found = (sheet.getRow(1).values as unknown[]).slice(1).map((v) => String(v ?? ''));
    const expected = [...header, 'Hooktray run'];
    if (sheet.rowCount === 0) {
      sheet.addRow(expected);
    } else if (found.join('\u0000') !== expected.join('\u0000')) {
      throw new SpreadsheetMismatch(
        `${file} has the columns "${found.join(', ')}", but this recipe writes "${expected.join(', ')}": choose another file, or change the recipe's columns to match.`,
      );
    }
    const ids = sheet.getColumn(expected.length).values;
    if (ids.some((v) => v === rowId)) return { outcome: 'present', repaired: false };
  } else {
    sheet = addSheet(workbook, header);
  }
  const row = sheet.addRow([...cells.map(cellValue), rowId]);
  // A number keeps the decimals it was written with (49.90 EUR, 12.340 KWD), not Excel's 49.9.
  cells.forEach((text, i) => {
    const places = typeof cellValue(text) === 'number' ? (text.split('.')[1]?.length ?? 0) : 0;
    if (places) row.getCell(i + 1).numFmt = `0.${'0'.repeat(places)}`;
  });
  sheet.getColumn(header.length + 1).hidden = true;
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  replaceFile(file, bytes);
  return { outcome: 'appended', repaired: false };
}

function addSheet(workbook: Workbook, header: readonly string[]): Worksheet {
  const sheet = workbook.addWorksheet(SHEET);
  sheet.addRow([...header, 'Hooktray run']);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  header.forEach((_, i) => (sheet.getColumn(i + 1).width = 18));
  return sheet;
}

/** Plain decimals become numbers (so totals can be summed); codes like "0123" or "+49…" stay text. */
function cellValue(text: string): string | number {
  return /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/.test(text) ? Number(text) : text;
}

/** Write temp → fsync → rename → fsync the folder: the old or the new file, never a torn one. */
function replaceFile(file: string, bytes: Buffer): void {
  const temp = join(dirname(file), `.${basename(file)}.hooktray-tmp`);
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  try {
    const dir = openSync(dirname(file), 'r');
    fsyncSync(dir);
    closeSync(dir);
  } catch {
    // Not possible on Windows.
  }
}
