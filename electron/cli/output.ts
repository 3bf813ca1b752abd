import type { LogLine } from '../../shared/log-line.ts';
import { clockTime } from '../../shared/clock-time.ts';

/** One JSON object per line on stdout: what `--json` consumers (and our tests) read. */
export function printJson(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/**
 * For a listener on every interface (0.0.0.0, ::): nobody can send to that address, so the
 * printed ones are this computer's (127.0.0.1); say what other machines on the network use.
 */
export function allInterfacesNote(host: string, baseUrl: string, networkUrls: readonly string[]): string {
  const others = networkUrls.length
    ? `from another machine on your network use ${networkUrls.join(' or ')} in its place`
    : 'this computer has no network address that other machines could use right now';
  return `Listening on every network interface (${host}). The addresses below use ${baseUrl}, which works on this computer; ${others}.\n`;
}

/** "12:03 Order #1042 → New Shopify order → email the team ✓" */
export function formatLogLine(entry: LogLine): string {
  const time = clockTime(entry.at);
  return `${time} ${entry.text}`;
}

/**
 * For a person at a terminal: the log's errors as one plain line each on stderr (the JSON with
 * every detail stays in the log file). Takes pino's JSON lines, as a pino stream does.
 */
export function plainErrors(
  logFile: string,
  write: (text: string) => void = (text) => process.stderr.write(text),
): { level: 'error'; stream: { write(line: string): void } } {
  return {
    level: 'error',
    stream: {
      write(line: string) {
        let msg = 'Hooktray hit an error';
        try {
          const entry = JSON.parse(line) as { msg?: unknown };
          if (typeof entry.msg === 'string' && entry.msg) msg = entry.msg;
        } catch {
          // Not JSON: say only that something went wrong, and where the details are.
        }
        write(`Problem: ${msg}. The details are in ${logFile}\n`);
      },
    },
  };
}
