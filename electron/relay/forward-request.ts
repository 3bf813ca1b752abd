import { request, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { RELAY_SIGNATURE_HEADER, RELAYED_AT_HEADER } from '../engine/tunnel/relay-signature.ts';
import type { ClientTunnel } from './client-tunnel.ts';
import { clientAddress, isLocalProxy } from './client-address.ts';
import type { PerClient } from './client-limits.ts';
import type { KeptInbox } from './kept-inbox.ts';
import { readBody } from './read-body.ts';
import { refuse, refuseAndHangUp } from './refuse.ts';
import type { RelayOptions } from './relay-options.ts';

/** Headers that describe one hop, not the message, and ours that only the relay may set; never passed on. */
const NOT_PASSED_ON = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  RELAYED_AT_HEADER,
  RELAY_SIGNATURE_HEADER,
]);

/** Where a public request for <name>.<domain> goes. */
export interface PublicTarget {
  name: string;
  /** Its tunnel, if a client holds the name now. */
  tunnel: ClientTunnel | undefined;
  /** Reserved for a Hooktray in the data folder: deliveries are kept while it is away. */
  reserved: boolean;
}

export interface ForwardContext {
  options: RelayOptions;
  uploads: PerClient;
  inbox: KeptInbox | undefined;
  now: () => number;
}

/**
 * One public request: read whole (bounded in size and time, and in how many one sender may have
 * unfinished, so only complete requests wait for the name's slots), then sent down the tunnel.
 * A delivery to a reserved name (POST/PUT to /h/…) that its Hooktray cannot take now (away, not
 * answering in time, too busy) is kept and answered 200 {"kept":true}. The sender always gets an
 * answer: the app's, or 408/413/429/503/504/507/502 with a body that says what happened.
 */
export async function forwardRequest(target: PublicTarget, req: IncomingMessage, res: ServerResponse, ctx: ForwardContext): Promise<void> {
  const { options } = ctx;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > options.maxBodyBytes) return refuse(res, 413, `The body is larger than this relay's ${mb(options.maxBodyBytes)} limit.`);
  const sender = clientAddress(req);
  if (!ctx.uploads.take(sender)) {
    return refuse(res, 429, `Too many unfinished uploads from ${sender} at once (${options.maxClientUploads}); send the rest when these are done.`, {
      'retry-after': '5',
    });
  }
  const received = await readBody(req, options.maxBodyBytes, options.bodyTimeoutMs).finally(() => ctx.uploads.release(sender));
  if (!received.ok) {
    // Too large: answered while the rest is dropped. Too slow, or gone: hang up after answering.
    if (received.status === 413) return refuse(res, received.status, received.message);
    if (received.status) return refuseAndHangUp(res, received.status, received.message);
    return void req.destroy();
  }
  const receivedAt = ctx.now();
  const headers = forwardedHeaders(req);
  const inbox = ctx.inbox;
  const keepable = target.reserved && inbox !== undefined && (req.method === 'POST' || req.method === 'PUT') && (req.url ?? '').startsWith('/h/');
  const keep = keepable ? () => keepDelivery(inbox, target.name, req, res, headers, received.body, receivedAt) : undefined;
  const tunnel = target.tunnel;
  // While a reserved name's Hooktray is away, deliveries are kept at once and checks answered 503;
  // for any other name a request waits for a reconnecting client.
  const away = !tunnel || (target.reserved && tunnel.connectedSockets === 0);
  if (keep && away) return keep();
  if (!tunnel || away) {
    return refuse(
      res,
      503,
      `The Hooktray behind ${target.name} is away (its computer may be asleep or offline). Deliveries to its webhook addresses are kept for it; try this again when it is back.`,
      { 'retry-after': '60' },
    );
  }
  sendDown(tunnel, req, res, headers, received.body, options, keep);
}

/** Keeps a delivery for when its Hooktray is back; answers 200 only once it is on disk. */
async function keepDelivery(
  inbox: KeptInbox,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  receivedAt: number,
): Promise<void> {
  const check = inbox.check(name, body.length);
  if (!check.ok) return refuse(res, check.status, check.message, { 'retry-after': '300' });
  try {
    const stored: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(headers)) if (value !== undefined) stored[key] = Array.isArray(value) ? value : String(value);
    await inbox.keep({ name, receivedAt, method: req.method ?? 'POST', path: req.url ?? '/', headers: stored, body });
  } catch {
    return refuse(res, 503, 'The relay could not store this delivery right now. Send it again later.', { 'retry-after': '60' });
  }
  if (res.headersSent || res.destroyed) return;
  const text = '{"kept":true}';
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': text.length });
  res.end(text);
}

/** One complete request down the tunnel: a queue slot of the name, then a socket of its client. */
function sendDown(
  tunnel: ClientTunnel,
  req: IncomingMessage,
  res: ServerResponse,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  options: RelayOptions,
  keep: (() => Promise<void>) | undefined,
): void {
  if (tunnel.inFlight >= options.maxSockets + options.maxQueued) {
    if (keep) return void keep();
    return refuse(res, 503, `The app behind ${tunnel.id} is busy with ${tunnel.inFlight} requests; try again shortly.`, { 'retry-after': '5' });
  }
  tunnel.inFlight++;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    tunnel.inFlight--;
    clearTimeout(timer);
  };
  res.once('close', () => {
    if (!res.writableFinished) proxy.destroy();
    finish();
  });
  /** No answer from the app: keep it for later when we may, else tell the sender. */
  const fallBack = (status: number, message: string) => {
    finish();
    if (keep && !res.headersSent) return void keep();
    refuse(res, status, message);
  };

  if (body.length || req.method === 'POST' || req.method === 'PUT') headers['content-length'] = body.length;
  // A constant host/port: the agent keys its keep-alive pool by them; the socket is the tunnel's.
  const proxy = request({ agent: tunnel.agent, host: 'tunnel', port: 80, method: req.method, path: req.url, headers, setHost: false });
  const timer = setTimeout(() => {
    proxy.destroy();
    fallBack(
      504,
      `The Hooktray app behind ${tunnel.id} did not answer within ${Math.round(options.answerTimeoutMs / 1000)} s: the computer may be asleep, offline or reconnecting. The sender should retry later.`,
    );
  }, options.answerTimeoutMs);

  proxy.on('response', (answer) => {
    clearTimeout(timer);
    if (res.headersSent) return answer.resume();
    res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
    answer.pipe(res);
  });
  proxy.on('error', () => {
    if (!res.headersSent) fallBack(502, `The connection to the Hooktray app behind ${tunnel.id} dropped before it answered. The sender should retry.`);
    else res.destroy();
  });
  proxy.end(body);
}

/** The request's end-to-end headers plus who really sent it (the app trusts these from loopback). */
function forwardedHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const headers = endToEnd(req.headers);
  delete headers['content-length'];
  const peer = req.socket.remoteAddress ?? '';
  // Behind our own TLS proxy the earlier hops are true; from the open internet they may be forged.
  const earlier = isLocalProxy(peer) ? req.headers['x-forwarded-for'] : undefined;
  headers['x-forwarded-for'] = earlier ? `${String(earlier)}, ${peer}` : peer;
  headers['x-forwarded-proto'] = isLocalProxy(peer) && req.headers['x-forwarded-proto'] ? req.headers['x-forwarded-proto'] : 'http';
  return headers;
}

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_PASSED_ON.has(name) || named.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

function mb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}
