import { existsSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ActionError } from '../../../electron/engine/actions/action.ts';
import { csvField, parseCsvLine } from '../../../electron/engine/actions/csv-file.ts';
import { spreadsheet } from '../../../electron/engine/actions/spreadsheet.ts';
import { findRecipe } from '../../../electron/engine/recipes/catalog.ts';
import { sampleDelivery } from '../../../electron/engine/recipes/sample-events.ts';
import { INSTALL_ID, runAction } from '../../helpers/destinations/action-context.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { xlsxRows } from '../../helpers/xlsx.ts';

const CSV_RECIPE = 'stripe-payment-spreadsheet';
const XLSX_RECIPE = 'any-order-xlsx';

function csvRows(file: string): string[][] {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  return text
    .replace(/^\uFEFF/, '')
    .slice(0, -2)
    .split('\r\n')
    .map((l) => parseCsvLine(l));
}

describe('spreadsheet action: CSV', () => {
  it('creates the file with a header, appends one row per run and never twice for the same run', async () => {
    const file = join(tempDir(), 'payments.csv');
    const first = await runAction(spreadsheet, { file }, { recipe: CSV_RECIPE, runId: 1 });
    const retried = await runAction(spreadsheet, { file }, { recipe: CSV_RECIPE, runId: 1, attempt: 2 });
    await runAction(spreadsheet, { file }, { recipe: CSV_RECIPE, runId: 2 });
    expect(first.detail).toBe(`row added to ${file}`);
    expect(retried.detail).toBe(`row already in ${file}; not added again`);
    expect(readFileSync(file, 'utf8').startsWith('\uFEFFDate,Payment,')).toBe(true);
    const rows = csvRows(file);
    expect(rows[0]).toEqual(['Date', 'Payment', 'Customer', 'Email', 'Amount', 'Currency', 'Summary', 'Hooktray run']);
    expect(rows.slice(1).map((r) => r.at(-1))).toEqual([`1@${INSTALL_ID}`, `2@${INSTALL_ID}`]);
    expect(rows[1]!.slice(1, 6)).toEqual(['TEST-1001', 'Jane Example', 'jane.example@example.com', '49.90', 'EUR']);
  });

  it('keeps customer text from breaking the file or running as a formula', async () => {
    const file = join(tempDir(), 'p.csv');
    const { event } = sampleDelivery(findRecipe(CSV_RECIPE)!);
    event.person = { name: '=HYPERLINK("http://evil","x")', email: 'a@example.com' };
    event.summary = 'Line one\nline two, "quoted"';
    await runAction(spreadsheet, { file, delimiter: ';' }, { recipe: CSV_RECIPE, event });
    const lines = readFileSync(file, 'utf8').split('\r\n');
    expect(lines).toHaveLength(3);
    const row = parseCsvLine(lines[1]!, ';');
    expect(row[2]).toBe('\'=HYPERLINK("http://evil","x")');
    expect(row[6]).toBe('Line one line two, "quoted"');
    expect(['+49 30 1234567', '-5.00', '@SUM(A1)', '-2+3+cmd|x'].map((v) => csvField(v, ','))).toEqual(['+49 30 1234567', '-5.00', "'@SUM(A1)", "'-2+3+cmd|x"]);
  });

  it('cuts off a half-written last row (the app was killed mid-write) before appending', async () => {
    const file = join(tempDir(), 'p.csv');
    await runAction(spreadsheet, { file }, { recipe: CSV_RECIPE, runId: 1 });
    appendFileSync(file, '2026-11-20,TEST-9,Torn Ro');
    await runAction(spreadsheet, { file }, { recipe: CSV_RECIPE, runId: 2 });
    const rows = csvRows(file);
    expect(rows.map((r) => r.length)).toEqual([8, 8, 8]);
    expect(rows.map((r) => r[1])).toEqual(['Payment', 'TEST-1001', 'TEST-1001']);
  });

  it('refuses a file with other columns, a relative path and a missing folder, naming what to do', async () => {
    const dir = tempDir();
    const file = join(dir, 'mine.csv');
    writeFileSync(file, 'Name,Phone\r\nBob,123\r\n');
    const mismatch = (await runAction(spreadsheet, { file }, { recipe: CSV_RECIPE }).catch((e: unknown) => e)) as ActionError;
    expect([mismatch.kind, mismatch.message]).toEqual([
      'permanent',
      expect.stringMatching(/has the columns "Name,Phone", but this recipe writes "Date,Payment,.*": choose another file/),
    ]);
    expect(readFileSync(file, 'utf8')).toBe('Name,Phone\r\nBob,123\r\n');
    expect(() => spreadsheet.settings.parse({ file: 'orders.csv' })).toThrow(/full path/);
    const missing = (await runAction(spreadsheet, { file: join(dir, 'nope', 'x.csv') }, { recipe: CSV_RECIPE }).catch((e: unknown) => e)) as ActionError;
    expect(missing.message).toMatch(/folder .*nope does not exist/);
  });

  it('takes the columns the owner picked, each filled by its template', async () => {
    const file = join(tempDir(), 'o.csv');
    await runAction(spreadsheet, { file, columns: ['Order', 'Phone', 'Items'] }, { recipe: XLSX_RECIPE });
    expect(csvRows(file)).toEqual([
      ['Order', 'Phone', 'Items', 'Hooktray run'],
      ['#1001', '+49 30 1234567', '2 x Blue mug; 1 x Tea towel', `1@${INSTALL_ID}`],
    ]);
    const error = (await runAction(spreadsheet, { file: join(tempDir(), 'x.csv'), columns: ['Shoe size'] }, { recipe: XLSX_RECIPE }).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect(error.message).toBe(
      'The column "Shoe size" has no template: add one named "column:Shoe size" to the recipe\'s templates (e.g. "{{ order.number }}").',
    );
  });
});

describe('spreadsheet action: XLSX', () => {
  it('creates a workbook, appends rows with numbers as numbers, hides the run column and never adds a row twice', async () => {
    const file = join(tempDir(), 'orders.xlsx');
    await runAction(spreadsheet, { file }, { recipe: XLSX_RECIPE, runId: 1 });
    const retried = await runAction(spreadsheet, { file }, { recipe: XLSX_RECIPE, runId: 1, attempt: 2 });
    await runAction(spreadsheet, { file }, { recipe: XLSX_RECIPE, runId: 2 });
    expect(retried.detail).toMatch(/already in/);
    const rows = await xlsxRows(file);
    expect(rows[0]).toEqual(['Date', 'Order', 'Customer', 'Email', 'Total', 'Currency', 'Items', 'Source', 'Hooktray run']);
    expect(rows).toHaveLength(3);
    expect(rows[1]!.slice(1, 6)).toEqual(['#1001', 'Jane Example', 'jane.example@example.com', 49.9, 'EUR']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.getWorksheet('Hooktray')!.getColumn(9).hidden).toBe(true);
    expect(existsSync(join(file, '..', '.orders.xlsx.hooktray-tmp'))).toBe(false);
  });

  it('concurrent runs writing one workbook all land (one writer per file)', async () => {
    const file = join(tempDir(), 'busy.xlsx');
    await Promise.all(Array.from({ length: 12 }, (_, i) => runAction(spreadsheet, { file }, { recipe: XLSX_RECIPE, runId: i + 1 })));
    const rows = await xlsxRows(file);
    expect(
      rows
        .slice(1)
        .map((r) => r.at(-1))
        .sort(),
    ).toEqual(Array.from({ length: 12 }, (_, i) => `${i + 1}@${INSTALL_ID}`).sort());
  });
});
