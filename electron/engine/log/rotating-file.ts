import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

export interface RotatingFileOptions {
  /** Largest size of one file before it is rotated (default 2 MB). */
  maxBytes?: number;
  /** Older files kept beside the current one (hooktray.1.log is the newest of them; default 4). */
  keep?: number;
}

/**
 * A log file that never grows past (keep + 1) × maxBytes on disk: when the next line would take
 * the current file past maxBytes, it becomes name.1.log (the older ones move up, the oldest is
 * removed) and a new file starts. Lines are written synchronously, so the last line before a crash
 * is on disk. A write that fails (disk full, the folder removed) is dropped, never thrown: a log
 * must not stop the app it describes; the next line tries again.
 */
export class RotatingFile {
  readonly path: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private fd: number | undefined;
  private size = 0;
  /** Lines lost to write errors since the last one that got through. */
  private dropped = 0;

  constructor(path: string, options: RotatingFileOptions = {}) {
    this.path = path;
    this.maxBytes = Math.max(1024, options.maxBytes ?? 2 * 1024 * 1024);
    this.keep = Math.max(0, options.keep ?? 4);
  }

  /** The file after `n` rotations (0: the current one). */
  rotated(n: number): string {
    if (n === 0) return this.path;
    const ext = extname(this.path);
    return join(dirname(this.path), `${basename(this.path, ext)}.${n}${ext}`);
  }

  /** pino's destination interface: one call per log line. */
  write(line: string): boolean {
    let bytes = Buffer.from(line, 'utf8');
    // One line larger than a whole file is cut, so the bound holds whatever gets logged.
    if (bytes.length > this.maxBytes) bytes = Buffer.concat([bytes.subarray(0, this.maxBytes - 16), Buffer.from(' …[cut]\n')]);
    try {
      this.open();
      if (this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
      if (this.dropped) this.append(Buffer.from(`{"level":40,"msg":"${this.dropped} log lines could not be written"}\n`));
      this.dropped = 0;
      this.append(bytes);
    } catch {
      this.dropped++;
      this.close();
    }
    return true;
  }

  /** Nothing is buffered; here for pino's flush() and for symmetry with its destinations. */
  flushSync(): void {}

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // already gone
    }
    this.fd = undefined;
  }

  private open(): void {
    if (this.fd !== undefined) return;
    mkdirSync(dirname(this.path), { recursive: true });
    this.fd = openSync(this.path, 'a');
    this.size = fstatSync(this.fd).size;
  }

  private append(bytes: Buffer): void {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd!, bytes, offset);
    this.size += bytes.length;
  }

  /** Moves the files up by one; if that fails (Windows: another program holds one open), appends on and tries at the next line. */
  private rotate(): void {
    this.close();
    try {
      rmSync(this.rotated(this.keep), { force: true });
      for (let n = this.keep - 1; n >= 0; n--) {
        try {
          renameSync(this.rotated(n), this.rotated(n + 1));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
    } catch {
      // Appends to the current file meanwhile: a longer log beats a lost line.
    }
    this.open();
  }
}
