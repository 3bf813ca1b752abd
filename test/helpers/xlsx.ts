import ExcelJS from 'exceljs';

/** The rows of the "Hooktray" sheet of an .xlsx file, each as its cell values from column A. */
export async function xlsxRows(file: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const rows: unknown[][] = [];
  workbook.getWorksheet('Hooktray')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}
