// Spreadsheet append cost as the file grows: every append re-reads the file (to find the run id
// and repair a torn tail), and an .xlsx append rewrites the whole workbook. Bounded: ≤ 10,000 rows.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendCsvRow, toCsvLine } from '../electron/engine/actions/csv-file.ts';
import { appendXlsxRow } from '../electron/engine/actions/xlsx-file.ts';

const HEADER = ['Date', 'Order', 'Customer', 'Email', 'Total', 'Currency', 'Items', 'Source'];
const row = (i: number) => ['2026-11-20', `#${1000 + i}`, `Jane Doe ${i}`, `buyer${i}@example.com`, '49.90', 'EUR', '2 x Blue mug; 1 x Tea towel', 'shopify'];

/** Starts from a file that already has `size` rows, written in one go (filling it row by row is quadratic for xlsx). */
async function prefill(kind: 'csv' | 'xlsx', file: string, size: number): Promise<void> {
  if (size === 0) return;
  if (kind === 'csv') {
    const lines = [[...HEADER, 'Hooktray run'], ...Array.from({ length: size }, (_, i) => [...row(i), `run-${i}`])].map((cells) => toCsvLine(cells, ','));
    writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`);
    return;
  }
  await appendXlsxRow(file, HEADER, row(0), 'run-0');
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('Hooktray')!;
  for (let i = 1; i < size; i++) sheet.addRow([...row(i), `run-${i}`]);
  await workbook.xlsx.writeFile(file);
}

async function measure(kind: 'csv' | 'xlsx', sizes: number[], samples: number): Promise<void> {
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'hooktray-bench-'));
    const file = join(dir, `orders.${kind}`);
    try {
      await prefill(kind, file, size);
      const start = performance.now();
      for (let s = 0; s < samples; s++) {
        const i = size + s;
        await (kind === 'csv' ? appendCsvRow(file, HEADER, row(i), `run-${i}`) : appendXlsxRow(file, HEADER, row(i), `run-${i}`));
      }
      const ms = (performance.now() - start) / samples;
      process.stdout.write(
        `${kind}: ${String(size).padStart(5)} rows (${(statSync(file).size / 1024).toFixed(0)} KiB) → ${ms.toFixed(2)} ms per appended row (fsync included)\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

export async function runSpreadsheet(): Promise<void> {
  await measure('csv', [0, 1000, 10_000], 50);
  await measure('xlsx', [0, 500, 2000], 5);
}

if (import.meta.main) await runSpreadsheet();
