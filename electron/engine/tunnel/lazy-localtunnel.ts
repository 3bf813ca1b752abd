import type { ProviderOptions } from './localtunnel-provider.ts';
import type { TunnelConnection, TunnelOpenRequest, TunnelProvider } from './tunnel-provider.ts';

/** The localtunnel provider, loaded on the first open: an app with the tunnel turned off never loads it. */
export class LazyLocaltunnelProvider implements TunnelProvider {
  readonly name = 'localtunnel';
  readonly server: string;
  private readonly host: string;
  private readonly options: ProviderOptions;
  private provider: Promise<TunnelProvider> | undefined;

  constructor(host: string, options: ProviderOptions = {}) {
    this.host = host;
    this.server = new URL(host.replace(/\/+$/, '')).origin;
    this.options = options;
  }

  async open(request: TunnelOpenRequest): Promise<TunnelConnection> {
    this.provider ??= import('./localtunnel-provider.ts').then((m) => new m.LocaltunnelProvider(this.host, this.options));
    return (await this.provider).open(request);
  }
}
