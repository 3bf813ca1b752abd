import { registerTunnel } from './relay-registration.ts';
import type { TunnelConnection, TunnelOpenRequest, TunnelProvider } from './tunnel-provider.ts';
import { TunnelSockets } from './tunnel-sockets.ts';

/** The name keys our relay gave us, per name on this server: secrets, kept with the other secrets. */
export interface NameKeys {
  get(name: string): string | undefined;
  save(name: string, key: string): void;
}

/**
 * A localtunnel-protocol client: the public localtunnel server or our own relay, which also
 * asks every socket to prove it belongs to the name (relay-protocol.ts). Registration is one
 * cancellable request with a timeout (the stock client retries a refused server every second,
 * forever, and later grabs our name); the sockets are ours (tunnel-sockets.ts).
 */
export interface ProviderOptions {
  nameKeys?: NameKeys;
  /** tunnel.fingerprint: the relay's certificate to pin (a self-signed one). */
  fingerprint?: string;
}

export class LocaltunnelProvider implements TunnelProvider {
  readonly name = 'localtunnel';
  readonly server: string;
  private readonly host: string;
  private readonly nameKeys: NameKeys | undefined;
  private readonly fingerprint: string | undefined;

  /** `host`: the tunnel server, e.g. https://localtunnel.me or https://relay.example.com/<secret>. */
  constructor(host: string, options: ProviderOptions = {}) {
    this.host = host.replace(/\/+$/, '');
    this.server = new URL(this.host).origin;
    this.nameKeys = options.nameKeys;
    this.fingerprint = options.fingerprint;
  }

  async open(request: TunnelOpenRequest): Promise<TunnelConnection> {
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]);
    const timedOut = () =>
      new Error(request.signal.aborted ? 'cancelled' : `${this.server} did not open the tunnel within ${Math.round(request.timeoutMs / 1000)} s`);
    const info = await registerTunnel(this.host, request.subdomain, signal, this.nameKeys?.get(request.subdomain)).catch((error: Error) => {
      throw signal.aborted ? timedOut() : error;
    });
    const sockets = new TunnelSockets({
      info,
      server: this.server,
      localPort: request.localPort,
      nameKey: this.nameKeys?.get(info.name),
      onNameKey: (key) => this.nameKeys?.save(info.name, key),
      ...(this.fingerprint ? { fingerprint: this.fingerprint } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(timedOut());
      signal.addEventListener('abort', onAbort, { once: true });
      sockets
        .start()
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    }).catch((error: unknown) => {
      sockets.close();
      throw error;
    });
    return {
      url: info.url,
      subdomain: info.name,
      onFailure: (listener) => sockets.onFailure(listener),
      onRequest: (listener) => sockets.onRequest(listener),
      close: () => sockets.close(),
    };
  }
}
