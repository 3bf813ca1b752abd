import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-dir.ts';
import { xlsxRows } from '../../helpers/xlsx.ts';

const module = (path: string) => JSON.stringify(fileURLToPath(new URL(`../../../electron/engine/${path}`, import.meta.url)));
const HEADER = ['Date', 'Order', 'Customer', 'Email', 'Total', 'Currency', 'Items', 'Source', 'Hooktray run'];
const INSTALL = 'kill-test';

/**
 * A child `node` process runs the real spreadsheet action (the any-order-xlsx recipe's
 * templates, as the runner would) for one order after another, rows of a few KB, and writes
 * "ack <run>" once each run has returned. Once `minRows` are acknowledged it is killed with
 * SIGKILL at a random moment. Returns the last run it acknowledged.
 */
async function appendUntilKilled(file: string, minRows: number): Promise<number> {
  const code = `
    const { spreadsheet } = await import(${module('actions/spreadsheet.ts')});
    const { findRecipe } = await import(${module('recipes/catalog.ts')});
    const { TemplateRenderer, templateContext } = await import(${module('templates/renderer.ts')});
    const recipe = findRecipe('any-order-xlsx');
    const renderer = new TemplateRenderer();
    const settings = spreadsheet.settings.parse({ file: ${JSON.stringify(file)} });
    const logger = { warn() {}, info() {}, error() {}, debug() {} };
    for (let i = 1; ; i++) {
      const event = {
        type: 'order.created', source: 'shopify', platformEvent: 'orders/create', key: 'order:' + i + ':order.created',
        occurredAt: '2026-11-20T10:15:00.000Z', summary: 'Order #' + i,
        person: { name: 'Jane "J" Doe, Berlin', email: 'buyer' + i + '@example.com' },
        order: { id: String(i), number: '#' + i, total: '49.90', currency: 'EUR', lineItems: [{ title: 'x'.repeat(2000 + (i % 7) * 500), quantity: 2 }] },
        data: {},
      };
      const context = templateContext(event, { id: recipe.id, title: recipe.title }, false);
      await spreadsheet.run({
        settings, event, runId: i, attempt: 1, test: false, signal: AbortSignal.timeout(10000),
        render: async (name) => (recipe.templates[name] === undefined ? undefined : renderer.render(name, recipe.templates[name], context)),
        services: { installId: ${JSON.stringify(INSTALL)}, dataDir: ${JSON.stringify(join(file, '..'))}, logger, fetch, smtp: () => undefined, mail: undefined },
      });
      process.stdout.write('ack ' + i + '\\n');
    }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let acked = 0;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let buffered = '';
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    for (const m of buffered.matchAll(/ack (\d+)\n/g)) acked = Math.max(acked, Number(m[1]));
    buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
  });
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => acked >= minRows && (clearInterval(poll), resolve()), 5);
    child.once('exit', (c) => (clearInterval(poll), reject(new Error(`child exited early (${c}): ${stderr}`))));
  });
  await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
  child.kill('SIGKILL');
  // 'close' comes after the last of stdout: acks written just before the kill are counted too.
  const signal = await new Promise<string | null>((resolve) => child.once('close', (_c, s) => resolve(s)));
  expect(signal).toBe('SIGKILL');
  return acked;
}

/** RFC 4180 records (quoted fields may hold the delimiter and doubled quotes), independent of the code under test. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field || record.length) records.push([...record, field]);
  return records;
}

const row = (i: number) => [
  '2026-11-20',
  `#${i}`,
  'Jane "J" Doe, Berlin',
  `buyer${i}@example.com`,
  '49.90',
  'EUR',
  `2 x ${'x'.repeat(2000 + (i % 7) * 500)}`,
  'shopify',
  `${i}@${INSTALL}`,
];

describe('kill -9 while the spreadsheet action appends rows', () => {
  it('CSV: the file parses, every row is whole with its run id, and holds every acknowledged row (at most one more)', async () => {
    const file = join(tempDir(), 'orders.csv');
    const acked = await appendUntilKilled(file, 40);
    const text = readFileSync(file, 'utf8');
    // Each row is one write() of the whole line: kill -9 cannot cut it (only a power loss could).
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
    expect(header).toEqual(HEADER);
    expect(rows.length === acked || rows.length === acked + 1, `${rows.length} rows for ${acked} acknowledged`).toBe(true);
    rows.forEach((r, i) => expect(r, `row ${i + 1}`).toEqual(row(i + 1)));
  });

  it('XLSX: the workbook opens (old or new version, never half), every row is whole with its run id, as many as acknowledged (at most one more)', async () => {
    const file = join(tempDir(), 'orders.xlsx');
    const acked = await appendUntilKilled(file, 12);
    const [header, ...rows] = await xlsxRows(file);
    expect(header).toEqual(HEADER);
    expect(rows.length === acked || rows.length === acked + 1, `${rows.length} rows for ${acked} acknowledged`).toBe(true);
    // Plain decimals are stored as numbers so they can be summed.
    rows.forEach((r, i) => expect(r, `row ${i + 1}`).toEqual(row(i + 1).map((v) => (v === '49.90' ? 49.9 : v))));
  });
});
