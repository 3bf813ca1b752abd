import { createServer } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ERROR_STATUS, type ErrorCode } from '../../../shared/errors.ts';
import { isSourceId, platform, type SourceId } from '../../../shared/sources.ts';
import type { EngineEvents } from '../engine-events.ts';
import { parseBody } from '../sources/body.ts';
import type { SourceDefinition, SourceRequest, SourceSettings } from '../sources/source.ts';
import type { Inbox } from '../store/inbox.ts';
import { JournalError } from '../store/journal-writer.ts';
import { EXCERPT_BYTES, type RejectionLog } from '../store/rejections.ts';
import type { SourceTokens } from '../store/tokens.ts';
import { FailureThrottle } from './failure-throttle.ts';
import { fallbackEvent } from './fallback-event.ts';
import { lingerOnEarlyAnswers } from './lingering-close.ts';
import type { RefusedRelayedStore } from '../store/refused-relayed.ts';
import { requestHeaders, storedHeaders } from './headers.ts';
import { relayedIntake, wholeHeaders, type RelayedIntake } from './relayed-intake.ts';

export interface WebhookAppDeps {
  sources: ReadonlyMap<SourceId, SourceDefinition>;
  tokens: SourceTokens;
  inbox: Inbox;
  rejections: RejectionLog;
  sourceSettings(source: SourceId): SourceSettings;
  events: EngineEvents;
  logger: Logger;
  bodyLimit: number;
  /** Longest a request may take to arrive whole (a trickling sender holds a connection, not the listener). */
  requestTimeoutMs: number;
  throttle?: FailureThrottle;
  now?: () => number;
  /** The keys our relay signs kept deliveries with (tunnel.nameKeys). */
  relayKeys?: () => Iterable<string>;
  /** Refused relayed deliveries, kept whole for "Accept again". */
  refusedRelayed?: RefusedRelayedStore;
  /** Marks this engine's own "Accept again" requests. */
  acceptAgainToken?: string;
}

export interface WebhookCounters {
  accepted: number;
  duplicates: number;
  rejected: number;
  throttled: number;
}

type Params = { source: string; token: string };

/**
 * The public listener: the only thing the tunnel reaches. It serves /h/<source>/<token> and a
 * health check, nothing else; the owner's API lives on a separate loopback listener.
 */
export function buildWebhookApp(deps: WebhookAppDeps): { app: FastifyInstance; counters: WebhookCounters } {
  const now = deps.now ?? Date.now;
  const throttle = deps.throttle ?? new FailureThrottle();
  const counters: WebhookCounters = { accepted: 0, duplicates: 0, rejected: 0, throttled: 0 };
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // No per-request child logger: nothing logs per request, and a pino child per delivery costs.
    childLoggerFactory: (logger) => logger,
    bodyLimit: deps.bodyLimit,
    // Node looks for requests past their time only every connectionsCheckingInterval (30 s by
    // default), so the server is made here to look often enough for the bound to mean something.
    serverFactory: (handler) =>
      createServer({ requestTimeout: deps.requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, deps.requestTimeoutMs / 4) }, handler),
    // Our relay and localtunnel connect from loopback; the client's address is in X-Forwarded-For.
    trustProxy: ['127.0.0.1', '::1'],
    return503OnClosing: true,
  });

  // An early answer (too large, unknown address) is read by a sender still writing, not reset under it.
  lingerOnEarlyAnswers(app);

  // Keep every body as the exact bytes received: signatures are computed over them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  /** 429 for a client that has failed too often lately under `key`. */
  function throttled(reply: FastifyReply, key: string): FastifyReply {
    counters.throttled++;
    return reply
      .code(429)
      .header('retry-after', String(throttle.retryAfterSeconds(key)))
      .send({ error: 'throttled', message: 'Too many failed requests from this address; try again later.' });
  }

  /**
   * Records and answers a refusal, unless this client+source has failed too often lately. A
   * delivery our relay kept (valid relay signature) is never throttled, and is kept whole.
   */
  async function refuse(
    req: FastifyRequest,
    reply: FastifyReply,
    source: string,
    code: ErrorCode,
    message: string,
    body?: Buffer,
    relayed: RelayedIntake = { acceptAgain: false },
  ): Promise<FastifyReply> {
    const status = ERROR_STATUS[code];
    if (relayed.acceptAgain) return reply.code(status).send({ error: code, message });
    const key = `${req.ip}|${source}`;
    if (relayed.relayedAt === undefined && !throttle.take(key, now())) return throttled(reply, key);
    if (relayed.relayedAt !== undefined && isSourceId(source)) keepWhole(req, source, code, message, body ?? Buffer.alloc(0), relayed);
    counters.rejected++;
    try {
      // Answered after it is written, so what the owner sees matches what the sender was told.
      await deps.rejections.record({
        at: now(),
        source,
        status,
        code,
        message,
        headers: storedHeaders(req.headers),
        excerpt: body ? body.subarray(0, EXCERPT_BYTES).toString('utf8') : '',
      });
    } catch (error) {
      deps.logger.error({ err: error }, 'could not record a rejected webhook');
    }
    deps.logger.warn({ source, code, status, relayed: relayed.relayedAt !== undefined }, message);
    const kept =
      relayed.relayedAt !== undefined
        ? ' Your relay had kept this delivery while this computer was away; it is kept whole: once this is fixed, use "Accept again" in Activity.'
        : '';
    if (isSourceId(source)) deps.events.log('warning', `${message}${kept}`, { source });
    return reply.code(status).send({ error: code, message });
  }

  function keepWhole(req: FastifyRequest, source: SourceId, code: ErrorCode, message: string, body: Buffer, relayed: RelayedIntake): void {
    try {
      deps.refusedRelayed?.keep({
        source,
        relayedAt: relayed.relayedAt!,
        refusedAt: now(),
        code,
        message,
        signature: relayed.signature!,
        request: { method: req.method, url: req.url, headers: wholeHeaders(req.headers), body },
      });
    } catch (error) {
      deps.logger.error({ err: error }, 'could not keep a refused relayed delivery');
    }
  }

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, req, reply) => {
    const source = (req.params as Partial<Params> | undefined)?.source ?? 'unknown';
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      return refuse(
        req,
        reply,
        source,
        'body_too_large',
        `The body is larger than the ${Math.round(deps.bodyLimit / 1024)} KB limit. Raise server.bodyLimit in settings if this platform really sends that much.`,
      );
    }
    if (error.statusCode && error.statusCode < 500) {
      return refuse(req, reply, source, 'invalid_request', error.message);
    }
    deps.logger.error({ err: error }, 'webhook handler failed');
    return reply.code(500).send({ error: 'internal', message: 'Hooktray hit an internal error; the platform will retry.' });
  });

  app.setNotFoundHandler((_req, reply) =>
    reply.code(404).send({ error: 'not_found', message: 'Nothing here. Webhook addresses look like /h/<platform>/<token>; copy yours from Hooktray.' }),
  );

  app.get('/healthz', async () => ({ ok: true }));

  app.route<{ Params: Params; Querystring: Record<string, string> }>({
    method: ['GET', 'HEAD', 'POST', 'PUT'],
    url: '/h/:source/:token',
    handler: async (req, reply) => {
      const { source: sourceName, token } = req.params;
      const source = isSourceId(sourceName) ? deps.sources.get(sourceName) : undefined;
      // Unknown source or wrong token: say nothing more, store nothing. Guessing costs a failure token.
      if (!source || !deps.tokens.matches(source.id, token)) {
        const guessKey = `${req.ip}|address`;
        if (!throttle.take(guessKey, now())) return throttled(reply, guessKey);
        return reply.code(404).send({ error: 'not_found', message: 'Unknown webhook address. Copy the current one from Hooktray.' });
      }
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const headers = requestHeaders(req.headers);
      const relayed = relayedIntake(headers, req.method, req.url, rawBody, deps.relayKeys?.() ?? [], deps.acceptAgainToken);
      const origin = relayed.relayedAt !== undefined ? 'relay' : 'webhook';
      const sreq: SourceRequest = {
        method: req.method,
        headers,
        query: req.query ?? {},
        rawBody,
        contentType: (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase(),
        // A platform's time window is checked against when our relay got it, if it kept it.
        receivedAt: relayed.relayedAt ?? now(),
      };

      const { title, body } = platform(source.id);
      const handshake = source.handshake?.(sreq);
      if (handshake) {
        if (handshake.note) deps.events.log('success', handshake.note, { source: source.id });
        return reply.code(handshake.status).send(handshake.body);
      }
      if (req.method !== 'POST') {
        return reply
          .code(405)
          .header('allow', 'POST')
          .send({ error: 'invalid_request', message: `${title} webhooks are POST requests; this was ${req.method}.` });
      }

      const parsed = parseBody(rawBody, sreq.contentType, body, title);
      if (!parsed.ok) return refuse(req, reply, source.id, parsed.code, parsed.message, rawBody, relayed);
      const verdict = await source.verify(sreq, parsed.payload, deps.sourceSettings(source.id));
      if (!verdict.ok) return refuse(req, reply, source.id, verdict.code, verdict.message, rawBody, relayed);

      const platformEvent = source.platformEvent(sreq, parsed.payload);
      let events;
      try {
        events = source.normalise(sreq, parsed.payload);
      } catch (error) {
        // A verified delivery is never dropped for a payload we did not expect: keep it raw.
        deps.logger.warn({ err: error, source: source.id }, 'could not normalise a verified delivery; kept as-is');
        events = [fallbackEvent(source.id, platformEvent, sreq, parsed.payload)];
      }
      const platformId = source.platformId(sreq, parsed.payload);
      let result;
      try {
        result = await deps.inbox.accept({
          source: source.id,
          ...(platformId ? { platformId } : {}),
          platformEvent,
          origin,
          receivedAt: sreq.receivedAt,
          headers: storedHeaders(req.headers),
          body: rawBody,
          events,
          payload: parsed.payload,
        });
      } catch (error) {
        deps.logger.error({ err: error, source: source.id }, 'could not store a delivery');
        const hint = error instanceof JournalError && error.disk ? ' Is the disk full or read-only?' : '';
        deps.events.log('error', `Could not save a ${title} delivery (${(error as Error).message}).${hint} ${title} will send it again.`, {
          source: source.id,
        });
        return reply
          .code(503)
          .header('retry-after', '60')
          .send({ error: 'storage_unavailable', message: 'Hooktray could not save this delivery right now; please retry.' });
      }
      if (result.duplicate) counters.duplicates++;
      else counters.accepted++;
      const own = source.kept?.(sreq, parsed.payload);
      if (own)
        return reply
          .code(own.status)
          .headers(own.headers ?? {})
          .type('text/html; charset=utf-8')
          .send(own.body);
      return reply.code(200).send({ ok: true, duplicate: result.duplicate, runs: result.runIds.length });
    },
  });

  return { app, counters };
}
