import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Parses a command's flags strictly (an unknown or misspelt flag is an error, shown with the
 * help); `--help` prints the help. Returns the values, or the exit code to stop with.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(
  config: T,
  help: string,
): { exit: number } | { exit?: undefined; values: ReturnType<typeof parseArgs<T>>['values'] } {
  let values: ReturnType<typeof parseArgs<T>>['values'];
  try {
    values = parseArgs(config).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${help}`);
    return { exit: 2 };
  }
  if ((values as { help?: boolean }).help) {
    process.stdout.write(help);
    return { exit: 0 };
  }
  return { values };
}

/** Writes a usage error and gives the exit code for it. */
export function usageError(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

/**
 * A port flag's value, or an error message naming the flag. Only plain digits: Number() would
 * take "" (an unset shell variable) as 0, a random port, and "0x50" or "1e3" as numbers.
 */
export function portFlag(flag: string, value: string | undefined): number | undefined | { error: string } {
  if (value === undefined) return undefined;
  if (value.trim() === '') return { error: `${flag} needs a number from 0 to 65535 (0 picks a free port), but it was given an empty value.` };
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { error: `${flag} must be a number from 0 to 65535, got "${value}".` };
  return port;
}

/** The data folder: --data-dir, or ~/.hooktray. */
export function dataDirFrom(value: string | undefined): string {
  return resolve(value ?? join(homedir(), '.hooktray'));
}

/** The settings file: --config, or settings.json in the data folder. */
export function settingsPathFrom(config: string | undefined, dataDir: string): string {
  return resolve(config ?? join(dataDir, 'settings.json'));
}
