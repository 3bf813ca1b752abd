// Draws every Hooktray icon as a PNG from the one drawing below (no image tools needed): the app
// icon (build/icon.png, 1024 px; electron-builder makes .icns/.ico from it) and the tray icons per
// status in build/icons/: macOS template images (tray-<status>Template.png, 16 px, and @2x: black
// and alpha only, the menu bar tints them; the status is a badge, as colour is not theirs to show)
// and coloured icons for Windows and Linux (tray-<status>-16/24/32.png, each with @2x).
// Run: node build/make-icons.ts (test/desktop/icons.test.ts checks the files match this drawing).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Health } from '../shared/health.ts';

type Rgba = [number, number, number, number];
const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A size×size RGBA PNG; `pixel(x, y)` gets coordinates in 0..1. Edges are 4×4 supersampled. */
function png(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) {
          const [r, g, b, a] = pixel((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size);
          acc[0]! += r * a;
          acc[1]! += g * a;
          acc[2]! += b * a;
          acc[3]! += a;
        }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const alpha = acc[3]! / 16;
      raw[o] = alpha ? Math.round(acc[0]! / acc[3]!) : 0;
      raw[o + 1] = alpha ? Math.round(acc[1]! / acc[3]!) : 0;
      raw[o + 2] = alpha ? Math.round(acc[2]! / acc[3]!) : 0;
      raw[o + 3] = Math.round(alpha);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const CLEAR: Rgba = [0, 0, 0, 0];
const WHITE: Rgba = [255, 255, 255, 255];
const dist = (x: number, y: number, cx: number, cy: number) => Math.hypot(x - cx, y - cy);

/** The mark: a hook (an open ring with a stem) over a tray line. */
function mark(x: number, y: number): boolean {
  const d = dist(x, y, 0.5, 0.52);
  const ring = d > 0.17 && d < 0.25 && !(y < 0.52 && x > 0.5);
  const stem = x > 0.67 && x < 0.75 && y > 0.2 && y < 0.52;
  const tray = y > 0.8 && y < 0.86 && x > 0.22 && x < 0.78;
  return ring || stem || tray;
}

function appIcon(x: number, y: number): Rgba {
  const r = 0.2;
  const cx = Math.min(Math.max(x, r + 0.04), 0.96 - r);
  const cy = Math.min(Math.max(y, r + 0.04), 0.96 - r);
  if (dist(x, y, cx, cy) > r) return CLEAR;
  return mark(x, y) ? WHITE : [21, 38, 58, 255];
}

const TRAY_COLORS: Record<Health, Rgba> = {
  online: [29, 140, 70, 255],
  reconnecting: [214, 140, 0, 255],
  offline: [110, 118, 129, 255],
  paused: [60, 110, 200, 255],
  failures: [200, 30, 36, 255],
};

function trayIcon(color: Rgba) {
  return (x: number, y: number): Rgba => {
    if (dist(x, y, 0.5, 0.5) > 0.48) return CLEAR;
    return mark(x, y) ? WHITE : color;
  };
}

const BLACK: Rgba = [0, 0, 0, 255];

/** The status as a badge in the top left corner, where the mark leaves room. */
function badge(health: Health, x: number, y: number): boolean {
  const d = dist(x, y, 0.17, 0.17);
  if (health === 'failures') return d < 0.15;
  if (health === 'reconnecting') return d < 0.15 && d > 0.08;
  if (health === 'paused') return y > 0.03 && y < 0.31 && ((x > 0.05 && x < 0.12) || (x > 0.19 && x < 0.26));
  return false;
}

/** A macOS template image: the mark in black, the status as a badge; offline is the mark faded. */
function templateIcon(health: Health) {
  return (x: number, y: number): Rgba => {
    if (badge(health, x, y)) return BLACK;
    if (!mark(x, y) || (health !== 'online' && health !== 'offline' && dist(x, y, 0.17, 0.17) < 0.21)) return CLEAR;
    return health === 'offline' ? [0, 0, 0, 115] : BLACK;
  };
}

/** Every icon by its path under build/, drawn now (`withAppIcon`: the 1024 px app icon too, the slow one). */
export function drawIcons(withAppIcon = true): Map<string, Buffer> {
  const icons = new Map<string, Buffer>();
  if (withAppIcon) icons.set('icon.png', png(1024, appIcon));
  for (const [health, color] of Object.entries(TRAY_COLORS) as [Health, Rgba][]) {
    icons.set(`icons/tray-${health}Template.png`, png(16, templateIcon(health)));
    icons.set(`icons/tray-${health}Template@2x.png`, png(32, templateIcon(health)));
    for (const size of [16, 24, 32]) {
      icons.set(`icons/tray-${health}-${size}.png`, png(size, trayIcon(color)));
      icons.set(`icons/tray-${health}-${size}@2x.png`, png(size * 2, trayIcon(color)));
    }
  }
  return icons;
}

if (import.meta.main) {
  const here = import.meta.dirname;
  mkdirSync(join(here, 'icons'), { recursive: true });
  for (const [path, data] of drawIcons()) writeFileSync(join(here, path), data);
}
