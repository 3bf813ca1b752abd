// A check of the journal's write-ahead log (hooktray.db-wal) before SQLite opens it. SQLite
// trusts a WAL only as far as its checksums hold and silently drops the rest: a header
// overwritten by a crash or a bad sector would make it forget every delivery saved since the last
// checkpoint, deliveries the platforms were already told we have. Layout and checksum are
// SQLite's file format (sqlite.org/fileformat2.html#walformat).
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

const HEADER = 32;
const FRAME_HEADER = 24;
const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;
const VERSION = 3007000;
const PAGE_SIZES = [4096, 512, 1024, 2048, 8192, 16384, 32768, 65536];

type Sum = [number, number];

const LITTLE_ENDIAN_MACHINE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export type WalVerdict =
  /** Nothing SQLite would drop (a missing, empty or intact log, or only a torn last transaction). */
  | { ok: true }
  /** The header was damaged and is rebuilt: write `header` over the first 32 bytes. */
  | { ok: false; header: Buffer; commits: number }
  /** Saved transactions SQLite would drop, and no way to rebuild them here. */
  | { ok: false; damage: string };

/** Reads and judges a WAL; `dbPath` supplies the page size when the log's own header is lost. */
export function checkWal(walPath: string, dbPath: string): WalVerdict {
  let wal: Buffer;
  try {
    wal = readFileSync(walPath);
  } catch {
    return { ok: true };
  }
  if (wal.length < HEADER + FRAME_HEADER + 512) return { ok: true }; // not one whole frame: nothing saved in it
  const header = readHeader(wal);
  if (header) return judgeFrames(wal, header);
  for (const pageSize of pageSizes(dbPath)) {
    for (const bigEndian of [false, true]) {
      const rebuilt = rebuildHeader(wal, pageSize, bigEndian);
      const parsed = rebuilt && readHeader(Buffer.concat([rebuilt, wal.subarray(HEADER)]));
      if (!rebuilt || !parsed) continue;
      const walk = walkFrames(wal, parsed);
      if (walk.commits === 0) continue;
      const verdict = judgeFrames(wal, parsed);
      return 'damage' in verdict ? verdict : { ok: false, header: rebuilt, commits: walk.commits };
    }
  }
  // Whole frames follow a header nobody can rebuild: what they held is lost to SQLite.
  return { ok: false, damage: 'the first bytes of its recovery file (hooktray.db-wal) are damaged, and the deliveries saved in it cannot be read back' };
}

interface Header {
  bigEndian: boolean;
  pageSize: number;
  salt1: number;
  salt2: number;
  sum: Sum;
}

function readHeader(wal: Buffer): Header | undefined {
  const magic = wal.readUInt32BE(0);
  if (magic !== MAGIC_LE && magic !== MAGIC_BE) return undefined;
  const bigEndian = magic === MAGIC_BE;
  const pageSize = wal.readUInt32BE(8);
  if (wal.readUInt32BE(4) !== VERSION || !PAGE_SIZES.includes(pageSize)) return undefined;
  const sum: Sum = [wal.readUInt32BE(24), wal.readUInt32BE(28)];
  const computed = checksum(wal, 0, 24, [0, 0], bigEndian);
  if (computed[0] !== sum[0] || computed[1] !== sum[1]) return undefined;
  return { bigEndian, pageSize, salt1: wal.readUInt32BE(16), salt2: wal.readUInt32BE(20), sum };
}

/** SQLite's WAL checksum: pairs of 32-bit words, each sum feeding the next. */
function checksum(buf: Buffer, start: number, end: number, seed: Sum, bigEndian: boolean): Sum {
  let [s0, s1] = seed;
  // The usual case (little-endian, aligned) read as 32-bit words at once: several times faster.
  if (!bigEndian && LITTLE_ENDIAN_MACHINE && (buf.byteOffset + start) % 4 === 0) {
    const words = new Uint32Array(buf.buffer, buf.byteOffset + start, (end - start) / 4);
    for (let i = 0; i < words.length; i += 2) {
      s0 = (s0 + words[i]! + s1) >>> 0;
      s1 = (s1 + words[i + 1]! + s0) >>> 0;
    }
    return [s0, s1];
  }
  for (let i = start; i < end; i += 8) {
    s0 = (s0 + word(buf, i, bigEndian) + s1) >>> 0;
    s1 = (s1 + word(buf, i + 4, bigEndian) + s0) >>> 0;
  }
  return [s0, s1];
}

/** The same sum run backwards: the seed that, over these bytes, gives `result`. */
function unchecksum(buf: Buffer, start: number, end: number, result: Sum, bigEndian: boolean): Sum {
  let [s0, s1] = result;
  for (let i = end - 8; i >= start; i -= 8) {
    s1 = (s1 - word(buf, i + 4, bigEndian) - s0) >>> 0;
    s0 = (s0 - word(buf, i, bigEndian) - s1) >>> 0;
  }
  return [s0, s1];
}

function word(buf: Buffer, at: number, bigEndian: boolean): number {
  return bigEndian ? buf.readUInt32BE(at) : buf.readUInt32LE(at);
}

/**
 * Walks the frames from the start: how many verify, how many of those end a transaction
 * (commits), and where the first one that does not verify is.
 */
function walkFrames(wal: Buffer, header: Header): { valid: number; commits: number; brokeAt?: number } {
  const size = FRAME_HEADER + header.pageSize;
  let sum = header.sum;
  let valid = 0;
  let commits = 0;
  for (let at = HEADER; at + size <= wal.length; at += size) {
    if (!sameSalts(wal, at, header)) return { valid, commits };
    const next = checksum(wal, at + FRAME_HEADER, at + size, checksum(wal, at, at + 8, sum, header.bigEndian), header.bigEndian);
    if (next[0] !== wal.readUInt32BE(at + 16) || next[1] !== wal.readUInt32BE(at + 20) || wal.readUInt32BE(at) === 0) return { valid, commits, brokeAt: at };
    sum = next;
    valid++;
    if (wal.readUInt32BE(at + 4) !== 0) commits++;
  }
  return { valid, commits };
}

function sameSalts(wal: Buffer, at: number, header: Header): boolean {
  return wal.readUInt32BE(at + 8) === header.salt1 && wal.readUInt32BE(at + 12) === header.salt2;
}

/**
 * Frames past the first that fails its checksum are dropped by SQLite. That is right for the
 * last transaction a crash or power cut tore (it was never confirmed), so one commit of this
 * log's generation after the break is expected; two mean a whole transaction was confirmed
 * after the damaged spot and would be lost.
 */
function judgeFrames(wal: Buffer, header: Header): WalVerdict {
  const walk = walkFrames(wal, header);
  if (walk.brokeAt === undefined) return { ok: true };
  const size = FRAME_HEADER + header.pageSize;
  let later = 0;
  for (let at = walk.brokeAt; at + size <= wal.length; at += size) if (sameSalts(wal, at, header) && wal.readUInt32BE(at + 4) !== 0) later++;
  if (later < 2) return { ok: true };
  return {
    ok: false,
    damage: `part of its recovery file (hooktray.db-wal) is damaged at byte ${walk.brokeAt}, and ${later - 1} saved changes after that spot cannot be read back`,
  };
}

/**
 * Rebuilds a lost header from the first frame, which repeats the salts and whose checksum was
 * seeded with the header's: run it backwards to get that seed, then find the one checkpoint
 * number that makes the header sum to it. Six header words, one unknown, two equations: the
 * second one checks the guess (page size, byte order), so a wrong one is refused.
 */
function rebuildHeader(wal: Buffer, pageSize: number, bigEndian: boolean): Buffer | undefined {
  const frameEnd = HEADER + FRAME_HEADER + pageSize;
  if (frameEnd > wal.length) return undefined;
  const stored: Sum = [wal.readUInt32BE(HEADER + 16), wal.readUInt32BE(HEADER + 20)];
  const afterFrameHeader = unchecksum(wal, HEADER + FRAME_HEADER, frameEnd, stored, bigEndian);
  const seed = unchecksum(wal, HEADER, HEADER + 8, afterFrameHeader, bigEndian);
  const header = Buffer.alloc(HEADER);
  header.writeUInt32BE(bigEndian ? MAGIC_BE : MAGIC_LE, 0);
  header.writeUInt32BE(VERSION, 4);
  header.writeUInt32BE(pageSize, 8);
  wal.copy(header, 16, HEADER + 8, HEADER + 16); // salts, as the first frame repeats them
  const [s0a, s1a] = checksum(header, 0, 8, [0, 0], bigEndian);
  // Undo the last pair (salts) from the seed: the sums after the second pair.
  const s1b = (seed[1] - word(header, 20, bigEndian) - seed[0]) >>> 0;
  const s0b = (seed[0] - word(header, 16, bigEndian) - s1b) >>> 0;
  if (s0b !== (s0a + word(header, 8, bigEndian) + s1a) >>> 0) return undefined;
  const checkpoint = (s1b - s1a - s0b) >>> 0;
  if (bigEndian) header.writeUInt32BE(checkpoint, 12);
  else header.writeUInt32LE(checkpoint, 12);
  header.writeUInt32BE(seed[0], 24);
  header.writeUInt32BE(seed[1], 28);
  return header;
}

/** The database's own page size first (its header says it), then every other SQLite allows. */
function pageSizes(dbPath: string): number[] {
  try {
    const head = Buffer.alloc(100);
    const fd = openSync(dbPath, 'r');
    try {
      readSync(fd, head, 0, 100, 0);
    } finally {
      closeSync(fd);
    }
    if (head.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000') {
      const raw = head.readUInt16BE(16);
      const size = raw === 1 ? 65536 : raw;
      return [size, ...PAGE_SIZES.filter((s) => s !== size)];
    }
  } catch {
    // No readable database: try them all.
  }
  return PAGE_SIZES;
}
