import { join } from 'node:path';
import { pino, type DestinationStream, type Level, type Logger, type StreamEntry } from 'pino';
import { redactPaths } from './redact-paths.ts';
import { RotatingFile, type RotatingFileOptions } from './rotating-file.ts';

export type { Logger };

/** Field paths that may hold a secret; pino replaces their values wherever they appear. */
export const REDACT_PATHS = redactPaths();

/** Where the log file of a data folder is: <data folder>/logs/hooktray.log (older ones beside it). */
export function logFileIn(dataDir: string): string {
  return join(dataDir, 'logs', 'hooktray.log');
}

export interface LoggerOptions {
  level?: string;
  /** A file descriptor to write to as well (2: stderr, a terminal); false for none. Default 2. */
  console?: number | false;
  /** A size-bounded, rotating log file (see rotating-file.ts). */
  file?: { path: string } & RotatingFileOptions;
  /** One more destination from a level up (a terminal's plain error lines). */
  also?: { level: Level; stream: { write(line: string): void } };
}

/**
 * The one logger: created by the host, passed down, with secrets redacted here for every
 * destination. The headless host writes to stderr (stdout is for JSON events) and its log file;
 * the packaged desktop app to its log file only, since nobody sees a GUI app's stderr and a
 * Windows GUI app's stderr can be a closed handle whose write errors would crash it.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = (options.level ?? process.env.HOOKTRAY_LOG_LEVEL ?? 'info') as Level;
  const streams: StreamEntry[] = [];
  if (options.console !== false) streams.push({ level, stream: pino.destination({ fd: options.console ?? 2, sync: false }) });
  if (options.file) streams.push({ level, stream: new RotatingFile(options.file.path, options.file) as DestinationStream });
  if (options.also) streams.push({ level: options.also.level, stream: options.also.stream as DestinationStream });
  const destination = streams.length === 1 ? streams[0]!.stream : pino.multistream(streams);
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: undefined }, destination);
}
