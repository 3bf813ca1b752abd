import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ApiHandlers } from '../../../shared/contract.ts';
import { ERROR_STATUS, HooktrayError, internalErrorBody } from '../../../shared/errors.ts';
import { dispatch } from '../api/dispatch.ts';
import type { EngineEvents } from '../engine-events.ts';
import { bearer, DASHBOARD_CSP, hostAllowed, originAllowed, tokenMatches } from './dashboard-guard.ts';
import { readStatic } from './static-files.ts';

export interface DashboardDeps {
  api: ApiHandlers;
  events: EngineEvents;
  token: string;
  /** The built renderer (renderer/dist); without it the dashboard serves the API only. */
  staticDir?: string;
  logger: Logger;
  /** Where the log file is, for the message of an internal error. */
  logFile?: string;
}

const EVENTS_ROUTE = '/api/events';
/** A route's access rule: `page` routes are the dashboard page, served without the token. */
interface RouteAccess {
  page?: boolean;
}

/**
 * The headless host's dashboard: the same renderer as the desktop window, talking to the same
 * engine handlers over HTTP (POST /api/<operation>) and server-sent events (GET /api/events).
 * A separate loopback listener from the webhooks, so the tunnel never reaches it.
 */
export function buildDashboardApp(deps: DashboardDeps): FastifyInstance {
  // forceCloseConnections: open event streams must not hold up a stop.
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true,
  });

  // Deny by default: every route needs the token except the page itself (config.page). Decided
  // on the route the router matched, never on the raw URL, which can spell the same route
  // another way (/%61pi/status, an absolute-form request line).
  app.addHook('onRequest', async (req, reply) => {
    const port = req.socket.localPort ?? 0;
    const host = req.headers.host;
    if (!hostAllowed(host, port))
      return reply.code(403).send({ error: 'forbidden', message: 'This dashboard answers only at its own loopback address (Host header refused).' });
    if (!originAllowed(req.headers.origin, host!))
      return reply.code(403).send({ error: 'forbidden', message: 'Requests from other web pages are refused (Origin header refused).' });
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
    const route = req.routeOptions;
    if ((route.config as RouteAccess | undefined)?.page) return;
    // EventSource cannot set headers, so the event stream alone takes the token in its query.
    const given = bearer(req.headers.authorization) ?? (route.url === EVENTS_ROUTE ? (req.query as { token?: unknown }).token : undefined);
    if (!tokenMatches(typeof given === 'string' ? given : undefined, deps.token))
      return reply.code(401).send({ error: 'unauthorized', message: 'Open the dashboard with the address printed at start (it carries the access token).' });
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, _req, reply) => {
    if (error instanceof HooktrayError) return reply.code(error.status).send(error.toBody());
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ error: 'invalid_request', message: error.message });
    deps.logger.error({ err: error }, 'dashboard request failed');
    return reply.code(500).send(internalErrorBody(deps.logFile));
  });

  app.get('/api/status', async () => deps.api['status.get']({}));

  app.post<{ Params: { op: string } }>('/api/:op', async (req, reply) => {
    const answer = await dispatch(
      deps.api,
      req.params.op,
      req.body,
      (error) => deps.logger.error({ err: error, operation: req.params.op }, 'dashboard request failed'),
      deps.logFile,
    );
    return answer.ok ? answer.value : reply.code(ERROR_STATUS[answer.error.error]).send(answer.error);
  });

  // Open event streams never go idle, so they are ended before close (else close waits for the browser).
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
  });

  app.get(EVENTS_ROUTE, (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    streams.add(res);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    const stop = deps.events.forward((name, data) => res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`));
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.raw.on('close', () => {
      streams.delete(res);
      clearInterval(ping);
      stop();
    });
  });

  app.get('/*', { config: { page: true } satisfies RouteAccess }, async (req, reply) => {
    // The page's own routes fall back to index.html; the API never does (a typo must not look like success).
    if (req.url.startsWith('/api/'))
      return reply
        .code(404)
        .send({ error: 'not_found', message: `There is no ${req.url.split('?')[0]}: the API is POST /api/<operation>, GET /api/status and GET /api/events.` });
    if (!deps.staticDir) return reply.code(404).send({ error: 'not_found', message: 'The dashboard page is not built (npm run build:renderer).' });
    const file = (await readStatic(deps.staticDir, req.url)) ?? (await readStatic(deps.staticDir, '/index.html'));
    if (!file) return reply.code(404).send({ error: 'not_found', message: 'Not found.' });
    return reply.header('content-security-policy', DASHBOARD_CSP).type(file.type).send(file.body);
  });

  return app;
}
