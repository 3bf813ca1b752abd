import { CLIENT_HEADER, isKey, NAME_KEY_ID_HEADER, nameKeyId } from './relay-protocol.ts';

/** What a localtunnel server told us about our tunnel. */
export interface TunnelInfo {
  name: string;
  url: string;
  maxConn: number;
  /** Where the tunnel sockets go. */
  remoteHost: string;
  remotePort: number;
  /** Our relay: the key each socket starts with, and the address it saw us at (sockets must match it). */
  socketKey?: string;
  clientAddress?: string;
  /** Our relay serves this tunnel's sockets over TLS. */
  tls?: boolean;
}

/**
 * GET <host>/<subdomain>: the tunnel's name, URL and the port to open sockets to. One request,
 * cancellable, with the server's own message as the error. The name key itself is never sent
 * here, only its hash, so the owner's relay knows to give the name back.
 */
export async function registerTunnel(host: string, subdomain: string | undefined, signal: AbortSignal, nameKey: string | undefined): Promise<TunnelInfo> {
  const server = new URL(host).origin;
  let response: Response;
  try {
    response = await fetch(`${host}/${subdomain ?? '?new'}`, {
      signal,
      headers: { accept: 'application/json', [CLIENT_HEADER]: '1', ...(nameKey ? { [NAME_KEY_ID_HEADER]: nameKeyId(nameKey) } : {}) },
    });
  } catch (error) {
    if (signal.aborted) throw new Error(`${server} did not answer in time`, { cause: error });
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`cannot reach ${server} (${cause?.code ?? cause?.message ?? (error as Error).message})`, { cause: error });
  }
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!response.ok) {
    const message = typeof body?.message === 'string' ? body.message : `it answered ${response.status} ${response.statusText}`;
    throw new Error(`${server} refused the tunnel: ${message}`);
  }
  if (!body || typeof body.id !== 'string' || typeof body.port !== 'number' || typeof body.url !== 'string') {
    throw new Error(`${server} does not look like a localtunnel server (unexpected answer to the registration)`);
  }
  const socketKey = typeof body.socket_key === 'string' && isKey(body.socket_key) ? body.socket_key : undefined;
  return {
    name: body.id,
    url: body.url,
    maxConn: typeof body.max_conn_count === 'number' && body.max_conn_count > 0 ? Math.min(body.max_conn_count, 50) : 1,
    remoteHost: typeof body.ip === 'string' ? body.ip : new URL(host).hostname.replace(/^\[(.*)\]$/, '$1'),
    remotePort: body.port,
    ...(socketKey ? { socketKey } : {}),
    ...(socketKey && typeof body.client_address === 'string' ? { clientAddress: body.client_address } : {}),
    ...(socketKey && body.tls === true ? { tls: true } : {}),
  };
}
