import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../engine/log/logger.ts';
import { buildDashboardApp } from '../engine/server/dashboard-app.ts';

/** The built renderer, when `npm run build:renderer` has run. */
export const RENDERER_DIST = fileURLToPath(new URL('../../renderer/dist', import.meta.url));

export interface RunningDashboard {
  /** Open this in a browser: it carries the access token after '#', which never reaches a server log. */
  url: string;
  close(): Promise<void>;
}

/** Starts the loopback-only dashboard for a started engine, with a fresh random token. */
export async function startDashboard(engine: Engine, options: { port: number; logger: Logger; logFile?: string }): Promise<RunningDashboard> {
  const token = randomBytes(24).toString('base64url');
  const app = buildDashboardApp({
    api: engine.api,
    events: engine.events,
    token,
    logger: options.logger,
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(existsSync(RENDERER_DIST) ? { staticDir: RENDERER_DIST } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://127.0.0.1:${port}/#token=${token}`, close: () => app.close() };
}
