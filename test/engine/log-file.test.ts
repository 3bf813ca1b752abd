import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, logFileIn } from '../../electron/engine/log/logger.ts';
import { RotatingFile } from '../../electron/engine/log/rotating-file.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const linesOf = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('the log file', () => {
  it('stays within (keep + 1) × maxBytes over many rotations, in whole lines, the newest kept in order', () => {
    const dataDir = tempDir();
    const path = logFileIn(dataDir);
    const maxBytes = 8 * 1024;
    const keep = 2;
    const logger = createLogger({ console: false, file: { path, maxBytes, keep } });
    const total = 3_000;
    for (let n = 1; n <= total; n++) logger.info({ n, filler: 'x'.repeat(n % 200) }, `line ${n}`);
    logger.flush();

    const names = readdirSync(join(dataDir, 'logs')).sort();
    expect(names).toEqual(['hooktray.1.log', 'hooktray.2.log', 'hooktray.log']);
    const sizes = names.map((name) => statSync(join(dataDir, 'logs', name)).size);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(maxBytes);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual((keep + 1) * maxBytes);

    // Oldest file first: every line is whole JSON, and the numbers run on without a gap to the last one.
    const files = [2, 1, 0].map((k) => new RotatingFile(path, { keep }).rotated(k));
    const numbers = files.flatMap((f) => linesOf(f).map((line) => (JSON.parse(line) as { n: number }).n));
    expect(numbers.at(-1)).toBe(total);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => total - numbers.length + 1 + i));
    expect(numbers.length).toBeGreaterThan(50);
  });

  it('redacts secrets in the file as it does everywhere', () => {
    const path = logFileIn(tempDir());
    const logger = createLogger({ console: false, file: { path } });
    logger.warn(
      {
        secret: 'whsec_top1',
        smtp: { password: 'pa55-top2' },
        headers: { authorization: 'Bearer top3', 'x-shopify-hmac-sha256': 'top4' },
        sources: { shopify: { secret: 'shpss_top5' } },
        settings: { hubspot: { token: 'pat-top6' } },
        source: 'shopify',
      },
      'a refused delivery',
    );
    const text = readFileSync(path, 'utf8');
    for (const secret of ['whsec_top1', 'pa55-top2', 'top3', 'top4', 'shpss_top5', 'pat-top6']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(JSON.parse(text.trim())).toMatchObject({ msg: 'a refused delivery', source: 'shopify', level: 40 });
  });

  it('never throws when the file cannot be written, and says how many lines were lost once it can', () => {
    const dir = tempDir();
    // A file where the logs folder should be: nothing can be created under it.
    writeFileSync(join(dir, 'logs'), 'in the way');
    const logger = createLogger({ console: false, file: { path: logFileIn(dir) } });
    expect(() => {
      logger.error('first');
      logger.error('second');
    }).not.toThrow();
    rmSync(join(dir, 'logs'));
    logger.error('third');
    const lines = linesOf(logFileIn(dir)).map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual(['2 log lines could not be written', 'third']);
  });

  it('cuts one line larger than a whole file, so the bound holds for any message', () => {
    const path = join(tempDir(), 'big.log');
    const file = new RotatingFile(path, { maxBytes: 4096, keep: 1 });
    file.write(`${'y'.repeat(50_000)}\n`);
    file.write('the next line, which no longer fits beside it\n');
    file.close();
    expect(existsSync(file.rotated(2))).toBe(false);
    expect(statSync(path).size + statSync(file.rotated(1)).size).toBeLessThanOrEqual(2 * 4096);
    expect(readFileSync(file.rotated(1), 'utf8')).toMatch(/y+ …\[cut\]\n$/);
    expect(readFileSync(path, 'utf8')).toBe('the next line, which no longer fits beside it\n');
  });
});
