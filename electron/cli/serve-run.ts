// `hooktray serve` once its flags are checked (serve.ts): the engine, the dashboard, the output.
import { HooktrayError } from '../../shared/errors.ts';
import { platformTitle } from '../../shared/sources.ts';
import { Engine } from '../engine/engine.ts';
import { isAnyHost } from '../engine/listen-address.ts';
import { mailResolver } from '../engine/mail/mail-setup.ts';
import { createLogger, logFileIn } from '../engine/log/logger.ts';
import { JsonSettingsFile } from '../engine/settings/json-settings-file.ts';
import { SettingsError } from '../engine/settings/settings-store.ts';
import { startDashboard, type RunningDashboard } from './dashboard.ts';
import { allInterfacesNote, formatLogLine, plainErrors, printJson } from './output.ts';
import { AddressesText } from './serve-text.ts';
import type { ServeOptions } from './serve-options.ts';
import { tunnelLine } from './tunnel-flags.ts';

/**
 * How long a stop waits for running recipes before putting them back in the queue (they run
 * again on the next start). Below the 10 s service managers such as Docker allow before a kill.
 */
const STOP_GRACE_MS = 5_000;
/** After a stop, how long the process may linger for output to drain before it exits anyway. */
const EXIT_WAIT_MS = 1_000;

/** Starts the engine (and the dashboard) with checked options; resolves with the exit code once stopped. */
export async function serve(options: ServeOptions): Promise<number> {
  const { dataDir, settingsPath, host, port, dashboardPort, json, tunnel } = options;
  // stderr for whoever started it, and a file in the data folder for later (the dashboard shows where).
  const logFile = logFileIn(dataDir);
  // A person at a terminal reads plain text: the log's JSON lines go to its file (and stderr with
  // --json, or when stderr is a pipe or a service's journal); its errors are told in a line.
  const personReads = !json && process.stderr.isTTY === true;
  const logger = createLogger({ console: personReads ? false : 2, file: { path: logFile }, ...(personReads ? { also: plainErrors(logFile) } : {}) });

  let engine: Engine;
  try {
    engine = new Engine({
      dataDir,
      settings: new JsonSettingsFile(settingsPath),
      logger,
      logFile,
      listen: { ...(host ? { host } : {}), ...(port !== undefined ? { port } : {}) },
      tunnel,
      // Email setup's DNS lookups go to these servers instead of the system's (a test DNS server, or a network whose resolver hides SRV records).
      ...(process.env.HOOKTRAY_DNS_SERVERS
        ? {
            mailLookup: {
              resolver: mailResolver(
                process.env.HOOKTRAY_DNS_SERVERS.split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              ),
            },
          }
        : {}),
    });
  } catch (error) {
    if (error instanceof SettingsError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }

  if (json) {
    engine.events.on('run', (run) => printJson({ event: 'run', ...run }));
  } else {
    engine.events.on('log', (entry) => process.stdout.write(`${formatLogLine(entry)}\n`));
  }

  let started;
  try {
    started = await engine.start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof HooktrayError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (code === 'EADDRINUSE') {
      process.stderr.write(
        `Port ${port ?? engine.currentSettings.server.port} is already in use. Stop the other program or pass --port with another number (0 picks a free one).\n`,
      );
      return 1;
    }
    throw error;
  }

  let dashboard: RunningDashboard | undefined;
  try {
    if (dashboardPort !== undefined) dashboard = await startDashboard(engine, { port: dashboardPort, logger, logFile });
  } catch (error) {
    await engine.stop();
    process.stderr.write(
      `The dashboard could not start on port ${dashboardPort} (${(error as Error).message}). Pass --dashboard-port with another number, or --no-dashboard.\n`,
    );
    return 1;
  }

  // Stop handlers before the ready line: whoever reads it may send SIGTERM at once.
  const exited = new Promise<number>((resolveExit) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        process.stderr.write('Stopping now without waiting for running recipes.\n');
        process.exit(1);
      }
      stopping = true;
      logger.info({ signal }, 'stopping');
      const exit = (code: number) => {
        logger.flush();
        resolveExit(code);
        // Everything is closed and the run queue is saved: nothing a destination still holds
        // open (a socket waiting for its peer) may keep a stopped Hooktray around.
        setTimeout(() => process.exit(code), EXIT_WAIT_MS).unref();
      };
      Promise.resolve(dashboard?.close())
        .then(() => engine.stop(STOP_GRACE_MS))
        .then(
          () => {
            if (json) printJson({ event: 'stopped' });
            exit(0);
          },
          (error: unknown) => {
            logger.error({ err: error }, 'could not stop cleanly');
            exit(1);
          },
        );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });

  if (json) {
    printJson({
      event: 'ready',
      webhooks: started.webhooks,
      ...(started.networkUrls ? { networkUrls: started.networkUrls } : {}),
      ...(dashboard ? { dashboard: dashboard.url } : {}),
      dataDir,
      settings: settingsPath,
    });
    if (engine.tunnel) {
      // After the ready line (it never waits for the tunnel): the status now, then every change.
      printJson(tunnelLine(engine.tunnel.status));
      engine.events.on('tunnel', (status) => printJson(tunnelLine(status)));
    }
  } else {
    process.stdout.write(`Hooktray is running. Data: ${dataDir}\n`);
    if (dashboard) process.stdout.write(`Open the dashboard in your browser (it works on this computer): ${dashboard.url}\n`);
    const listenHost = host ?? engine.currentSettings.server.host;
    if (isAnyHost(listenHost)) process.stdout.write(allInterfacesNote(listenHost, started.baseUrl, started.networkUrls ?? []));
    // Subscribed before the first look, so no change falls between the two.
    const addresses = new AddressesText(started.webhooks, platformTitle);
    engine.events.on('tunnel', (status) => process.stdout.write(addresses.next(status)));
    process.stdout.write(addresses.next(engine.tunnel?.status));
    process.stdout.write(`Details of what Hooktray does are in its log: ${logFile}\n`);
  }

  return exited;
}
