import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawIcons } from '../../build/make-icons.ts';
import { trayIconFile } from '../../electron/desktop/tray-menu.ts';
import { HEALTH_WORDS, type Health } from '../../shared/health.ts';

const BUILD = join(import.meta.dirname, '../../build');
const HEALTHS = Object.keys(HEALTH_WORDS) as Health[];

/** Width, height and RGBA pixels of one of our PNGs (8-bit RGBA, no filter: how make-icons writes them). */
function decode(png: Buffer): { width: number; height: number; pixels: (x: number, y: number) => number[] } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return { width, height, pixels: (x, y) => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 5 + x * 4)] };
}

describe('tray icons', () => {
  it('are the files build/make-icons.ts draws, byte for byte, and no others', () => {
    const drawn = [...drawIcons(false)].filter(([path]) => path.startsWith('icons/'));
    expect(readdirSync(join(BUILD, 'icons')).sort()).toEqual(drawn.map(([path]) => path.slice('icons/'.length)).sort());
    for (const [path, data] of drawn)
      expect(readFileSync(join(BUILD, path)).equals(data), `${path} differs from the drawing: run node build/make-icons.ts`).toBe(true);
  });

  it('exist for every status on every system, each with its @2x at twice the size', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const health of HEALTHS) {
        const file = join(BUILD, 'icons', trayIconFile(health, platform));
        const one = decode(readFileSync(file));
        const two = decode(readFileSync(file.replace(/\.png$/, '@2x.png')));
        expect(one.width).toBe({ darwin: 16, win32: 16, linux: 24 }[platform]);
        expect([two.width, two.height, one.height]).toEqual([one.width * 2, one.width * 2, one.width]);
      }
    }
    for (const size of [16, 24, 32]) expect(existsSync(join(BUILD, 'icons', `tray-online-${size}@2x.png`))).toBe(true);
  });

  it('are black and alpha only as macOS template images, and differ by status', () => {
    const seen = new Set<string>();
    for (const health of HEALTHS) {
      const data = readFileSync(join(BUILD, 'icons', trayIconFile(health, 'darwin').replace('.png', '@2x.png')));
      const { width, height, pixels } = decode(data);
      let visible = 0;
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const [r, g, b, a] = pixels(x, y);
          expect([r, g, b]).toEqual([0, 0, 0]);
          if (a! > 0) visible++;
        }
      expect(visible).toBeGreaterThan(50);
      seen.add(data.toString('base64'));
    }
    expect(seen.size).toBe(HEALTHS.length);
  });
});
