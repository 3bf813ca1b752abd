import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { TunnelConnection, TunnelOpenRequest, TunnelProvider } from './tunnel-provider.ts';

/** The parts of the stock client (localtunnel 2.0.2, lib/Tunnel.js) we build on. */
interface StockTunnel extends EventEmitter {
  opts: { host: string; port: number; subdomain?: string };
  clientId?: string;
  url?: string;
  open(callback: (error?: Error) => void): void;
  close(): void;
}
interface TunnelInfo {
  name: string;
  url: string;
  max_conn: number;
  remote_host: string;
  remote_ip?: string;
  remote_port: number;
  local_port: number;
}
type StockTunnelClass = new (opts: { host: string; port: number; subdomain?: string }) => StockTunnel & { _init(cb: (error: Error | null, info?: TunnelInfo) => void): void };

const require = createRequire(import.meta.url);
const StockTunnel = require('localtunnel/lib/Tunnel.js') as StockTunnelClass;

/**
 * The stock client, with one part replaced: registration. The stock one retries a refused or
 * unreachable server every second forever and cannot be cancelled, so a tunnel closed while
 * the server is down keeps polling and later grabs our name. Ours is one cancellable request
 * with a timeout and the server's message as the error. The sockets are the stock client's.
 */
class CancellableTunnel extends StockTunnel {
  signal: AbortSignal | undefined;

  override _init(cb: (error: Error | null, info?: TunnelInfo) => void): void {
    register(this.opts.host, this.opts.subdomain, this.opts.port, this.signal).then((info) => cb(null, info), (error: Error) => cb(error));
  }
}

export class LocaltunnelProvider implements TunnelProvider {
  readonly name = 'localtunnel';
  readonly server: string;
  private readonly host: string;

  /** `host`: the tunnel server, e.g. https://localtunnel.me or https://relay.example.com/<secret>. */
  constructor(host: string) {
    this.host = host.replace(/\/+$/, '');
    this.server = new URL(this.host).origin;
  }

  async open(request: TunnelOpenRequest): Promise<TunnelConnection> {
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]);
    // Never set local_host: it corrupts binary bodies and rewrites only the first request's Host.
    const client = new CancellableTunnel({ host: this.host, port: request.localPort, subdomain: request.subdomain });
    client.signal = signal;
    let failure: string | undefined;
    const failureListeners: ((reason: string) => void)[] = [];
    const fail = (reason: string) => {
      if (failure !== undefined) return;
      failure = reason;
      for (const listener of failureListeners) listener(reason);
    };
    // Without an error listener the stock client throws and takes the whole app down.
    client.on('error', (error: Error) => fail(`the connection to ${this.server} broke (${error.message})`));

    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(new Error(request.signal.aborted ? 'cancelled' : `${this.server} did not open the tunnel within ${Math.round(request.timeoutMs / 1000)} s`));
      signal.addEventListener('abort', onAbort, { once: true });
      client.once('url', () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
      client.open((error) => {
        if (!error) return;
        signal.removeEventListener('abort', onAbort);
        reject(error);
      });
      client.once('error', (error: Error) => reject(new Error(`could not connect to ${this.server}: ${error.message}`)));
    }).catch((error: unknown) => {
      client.close();
      throw error;
    });

    return {
      url: client.url!,
      subdomain: client.clientId!,
      onFailure(listener) {
        if (failure !== undefined) listener(failure);
        else failureListeners.push(listener);
      },
      onRequest(listener) {
        const onRequest = (req: { path: string }) => listener(req.path);
        client.on('request', onRequest);
        return () => client.off('request', onRequest);
      },
      close() {
        failureListeners.length = 0;
        client.close();
      },
    };
  }
}

/** GET <host>/<subdomain>: the tunnel's name, URL and the port to open sockets to. */
async function register(host: string, subdomain: string | undefined, localPort: number, signal: AbortSignal | undefined): Promise<TunnelInfo> {
  const server = new URL(host).origin;
  let response: Response;
  try {
    response = await fetch(`${host}/${subdomain ?? '?new'}`, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if (signal?.aborted) throw new Error(`${server} did not answer in time`, { cause: error });
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
  return {
    name: body.id,
    url: body.url,
    max_conn: typeof body.max_conn_count === 'number' && body.max_conn_count > 0 ? body.max_conn_count : 1,
    remote_host: new URL(host).hostname.replace(/^\[(.*)\]$/, '$1'),
    ...(typeof body.ip === 'string' ? { remote_ip: body.ip } : {}),
    remote_port: body.port,
    local_port: localPort,
  };
}
