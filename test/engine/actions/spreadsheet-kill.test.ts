import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { appendCsvRow, parseCsvLine } from '../../../electron/engine/actions/csv-file.ts';
import { appendXlsxRow } from '../../../electron/engine/actions/xlsx-file.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const CSV_MODULE = fileURLToPath(new URL('../../../electron/engine/actions/csv-file.ts', import.meta.url));
const XLSX_MODULE = fileURLToPath(new URL('../../../electron/engine/actions/xlsx-file.ts', import.meta.url));
const HEADER = ['Date', 'Order', 'Customer', 'Notes'];

/**
 * A child `node` process appends rows through the real module in a tight loop (rows of a few KB,
 * so writes are not trivially small); once it has written `minRows` it is killed with SIGKILL at
 * a random moment. What it leaves behind must parse, with no torn row.
 */
async function appendUntilKilled(file: string, module: string, fn: string, minRows: number): Promise<number> {
  const code = `
    const m = await import(${JSON.stringify(module)});
    const header = ${JSON.stringify(HEADER)};
    for (let i = 1; ; i++) {
      const cells = ['2026-11-20', '#' + i, 'Jane "J" Doe, Berlin', 'x'.repeat(2000 + (i % 7) * 500)];
      await m.${fn}(${JSON.stringify(file)}, header, cells, 'run-' + i);
      if (i === ${minRows}) process.stdout.write('ready\\n');
    }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (c) => reject(new Error(`child exited early (${c}): ${stderr}`)));
  });
  await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
  child.kill('SIGKILL');
  const [, signal] = await new Promise<[number | null, string | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
  expect(signal).toBe('SIGKILL');
  return minRows;
}

describe('kill -9 during spreadsheet appends', () => {
  it('CSV: every line is a whole row afterwards, and appending continues', async () => {
    const file = join(tempDir(), 'orders.csv');
    const minRows = await appendUntilKilled(file, CSV_MODULE, 'appendCsvRow', 50);
    const check = () => {
      const text = readFileSync(file, 'utf8');
      const lines = text.replace(/^\uFEFF/, '').split('\r\n');
      const complete = lines.slice(0, -1); // after the last line end: nothing, or a torn tail
      expect(parseCsvLine(complete[0]!)).toEqual([...HEADER, 'Hooktray run']);
      for (const [i, line] of complete.slice(1).entries()) {
        expect(parseCsvLine(line), `row ${i + 1}`).toEqual([expect.stringMatching(/^2026-11-2[01]$/), `#${i + 1}`, 'Jane "J" Doe, Berlin', expect.stringMatching(/^x{2000,}$/), `run-${i + 1}`]);
      }
      return { complete: complete.length - 1, torn: !text.endsWith('\r\n') };
    };
    const before = check();
    expect(before.complete).toBeGreaterThanOrEqual(minRows);
    // The next append repairs a torn tail (if the kill left one) and the file is whole again.
    const next = appendCsvRow(file, HEADER, ['2026-11-21', `#${before.complete + 1}`, 'Jane "J" Doe, Berlin', 'x'.repeat(2000)], `run-${before.complete + 1}`);
    expect(next).toEqual({ outcome: 'appended', repaired: before.torn });
    const after = check();
    expect(after).toEqual({ complete: before.complete + 1, torn: false });
  });

  it('XLSX: the workbook opens with whole rows afterwards (old or new version, never half), and appending continues', async () => {
    const file = join(tempDir(), 'orders.xlsx');
    await appendUntilKilled(file, XLSX_MODULE, 'appendXlsxRow', 15);
    const rows = async () => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      const found: unknown[][] = [];
      workbook.getWorksheet('Hooktray')!.eachRow((row) => found.push((row.values as unknown[]).slice(1)));
      return found;
    };
    const before = await rows();
    expect(before[0]).toEqual([...HEADER, 'Hooktray run']);
    expect(before.length - 1).toBeGreaterThanOrEqual(15);
    before.slice(1).forEach((row, i) => expect(row).toEqual(['2026-11-20', `#${i + 1}`, 'Jane "J" Doe, Berlin', expect.stringMatching(/^x+$/), `run-${i + 1}`]));
    const n = before.length;
    await appendXlsxRow(file, HEADER, ['2026-11-21', `#${n}`, 'Jane "J" Doe, Berlin', 'x'], `run-${n}`);
    expect((await rows()).length).toBe(n + 1);
    expect(statSync(file).size).toBeGreaterThan(0);
    expect(existsSync(join(file, '..', '.orders.xlsx.hooktray-tmp'))).toBe(false);
  });
});
