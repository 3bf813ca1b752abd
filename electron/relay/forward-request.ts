import { request, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { ClientTunnel } from './client-tunnel.ts';
import { clientAddress, isLocalProxy } from './client-address.ts';
import type { PerClient } from './client-limits.ts';
import { readBody } from './read-body.ts';
import type { RelayOptions } from './relay-options.ts';

/** Headers that describe one hop, not the message; never passed on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect']);

/**
 * Sends one public request down a client's tunnel and sends the answer back. The body is read
 * whole first (bounded in size and time, and in how many one sender may have unfinished), so
 * only complete requests wait for the tunnel's slots. The sender always gets an answer: the
 * app's, or 408/413/429/503/504/502 with a body that says what happened.
 */
export async function forwardRequest(tunnel: ClientTunnel, req: IncomingMessage, res: ServerResponse, options: RelayOptions, uploads: PerClient): Promise<void> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > options.maxBodyBytes) return refuse(res, 413, `The body is larger than this relay's ${mb(options.maxBodyBytes)} limit.`, { connection: 'close' });
  const sender = clientAddress(req);
  if (!uploads.take(sender)) {
    return refuse(res, 429, `Too many unfinished uploads from ${sender} at once (${options.maxClientUploads}); send the rest when these are done.`, { 'retry-after': '5', connection: 'close' });
  }
  const received = await readBody(req, options.maxBodyBytes, options.bodyTimeoutMs).finally(() => uploads.release(sender));
  if (!received.ok) {
    // Answer, then hang up instead of reading the rest of a body we will not use.
    if (received.status) refuse(res, received.status, received.message, { connection: 'close' });
    res.once('finish', () => req.destroy());
    if (!received.status) req.destroy();
    return;
  }
  sendDown(tunnel, req, res, received.body, options);
}

/** One complete request down the tunnel: a queue slot of the name, then a socket of its client. */
function sendDown(tunnel: ClientTunnel, req: IncomingMessage, res: ServerResponse, body: Buffer, options: RelayOptions): void {
  if (tunnel.inFlight >= options.maxSockets + options.maxQueued) {
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

  const headers = forwardedHeaders(req);
  if (body.length || req.method === 'POST' || req.method === 'PUT') headers['content-length'] = body.length;
  // A constant host/port: the agent keys its keep-alive pool by them; the socket is the tunnel's.
  const proxy = request({ agent: tunnel.agent, host: 'tunnel', port: 80, method: req.method, path: req.url, headers, setHost: false });
  const timer = setTimeout(() => {
    proxy.destroy();
    refuse(res, 504, `The Hooktray app behind ${tunnel.id} did not answer within ${Math.round(options.answerTimeoutMs / 1000)} s: the computer may be asleep, offline or reconnecting. The sender should retry later.`);
  }, options.answerTimeoutMs);

  proxy.on('response', (answer) => {
    clearTimeout(timer);
    if (res.headersSent) return answer.resume();
    res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
    answer.pipe(res);
  });
  proxy.on('error', () => {
    if (!res.headersSent) refuse(res, 502, `The connection to the Hooktray app behind ${tunnel.id} dropped before it answered. The sender should retry.`);
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
    if (value === undefined || HOP_BY_HOP.has(name) || named.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

export function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({ error: status, message });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function mb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}
