import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export type AppendOutcome = { outcome: 'appended' | 'present'; repaired: boolean };

const BOM = '\uFEFF';
const EOL = '\r\n';

/**
 * Appends one row to a CSV file so that the file stays valid whatever happens:
 * - each row is one line (line breaks inside values become spaces) written by ONE write call and
 *   fsynced, so a kill can at worst leave a partial last line…
 * - …which the next append cuts off before writing (a row without its line end was never
 *   reported as written);
 * - the last column holds the row's id: a row whose id is already there is not written again,
 *   so retrying a run that did write its row adds nothing.
 * A new file starts with a BOM (Excel then reads UTF-8) and the header line.
 */
export function appendCsvRow(file: string, header: readonly string[], cells: readonly string[], rowId: string, delimiter = ','): AppendOutcome {
  const line = toCsvLine([...cells, rowId], delimiter);
  const headerLine = toCsvLine([...header, 'Hooktray run'], delimiter);
  const fd = openSync(file, existsSync(file) ? 'r+' : 'wx+');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) {
      writeSync(fd, BOM + headerLine + EOL + line + EOL, 0);
      fsyncSync(fd);
      syncDir(dirname(file));
      return { outcome: 'appended', repaired: false };
    }
    let text = readFileSync(fd, 'utf8');
    let repaired = false;
    if (!text.endsWith('\n')) {
      const keep = Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1), 'utf8');
      ftruncateSync(fd, keep);
      text = text.slice(0, text.lastIndexOf('\n') + 1);
      repaired = true;
    }
    if (!text) {
      writeSync(fd, BOM + headerLine + EOL + line + EOL, 0);
      fsyncSync(fd);
      return { outcome: 'appended', repaired };
    }
    const lines = text.split(/\r?\n/);
    const firstLine = (lines[0] ?? '').replace(/^\uFEFF/, '');
    if (firstLine !== headerLine) {
      throw new SpreadsheetMismatch(
        `${file} has the columns "${firstLine}", but this recipe writes "${headerLine}": choose another file, or change the recipe's columns to match.`,
      );
    }
    const idCell = delimiter + csvField(rowId, delimiter);
    if (lines.some((l) => l.endsWith(idCell))) return { outcome: 'present', repaired };
    writeSync(fd, line + EOL, Buffer.byteLength(text, 'utf8'));
    fsyncSync(fd);
    return { outcome: 'appended', repaired };
  } finally {
    closeSync(fd);
  }
}

/** The file exists with other columns: writing would shift every column, so we refuse. */
export class SpreadsheetMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpreadsheetMismatch';
  }
}

export function toCsvLine(cells: readonly string[], delimiter: string): string {
  return cells.map((c) => csvField(c, delimiter)).join(delimiter);
}

/**
 * One field: line breaks flattened, text that a spreadsheet would run as a formula ("=HYPERLINK…"
 * in a customer's name) prefixed with an apostrophe, quoted when needed.
 */
export function csvField(value: string, delimiter: string): string {
  let text = value.replace(/\r\n|[\r\n]/g, ' ');
  // Numbers and phone numbers ("+49 30 123", "-5.00") cannot carry a formula and stay as they are.
  if (/^[=+\-@\t]/.test(text) && !/^[+-]?[\d\s()./-]+$/.test(text)) text = `'${text}`;
  return text.includes(delimiter) || text.includes('"') || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Splits one line written by toCsvLine back into fields (for tests and repair checks). */
export function parseCsvLine(line: string, delimiter = ','): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Makes a new file's directory entry durable too (not possible on Windows; skipped there). */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Directories cannot be opened for fsync on Windows.
  }
}
