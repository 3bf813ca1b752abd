import type { TunnelConnection, TunnelOpenRequest, TunnelProvider } from './tunnel-provider.ts';

/**
 * The localtunnel provider, loaded on the first open: the stock client and its HTTP library
 * weigh about 15 MB of memory, which an app with the tunnel turned off should not carry.
 */
export class LazyLocaltunnelProvider implements TunnelProvider {
  readonly name = 'localtunnel';
  readonly server: string;
  private readonly host: string;
  private provider: Promise<TunnelProvider> | undefined;

  constructor(host: string) {
    this.host = host;
    this.server = new URL(host.replace(/\/+$/, '')).origin;
  }

  async open(request: TunnelOpenRequest): Promise<TunnelConnection> {
    this.provider ??= import('./localtunnel-provider.ts').then((m) => new m.LocaltunnelProvider(this.host));
    return (await this.provider).open(request);
  }
}
