import { connect, isIP, isIPv6, type Socket } from 'node:net';
import { connect as tlsConnect, getCACertificates } from 'node:tls';
import { helloLine, parseReply } from './relay-protocol.ts';
import type { TunnelInfo } from './relay-registration.ts';
import { readLine } from './socket-line.ts';

export interface TunnelSocketsOptions {
  info: TunnelInfo;
  /** The tunnel server, for messages (never with its secret). */
  server: string;
  localPort: number;
  /** The name key we hold for info.name, if any. */
  nameKey: string | undefined;
  /** The relay gave this name its key (first claim): keep it with the other secrets. */
  onNameKey(key: string): void;
  /** SHA-256 fingerprint of the relay's certificate (tunnel.fingerprint): TLS is then required and only that certificate trusted. */
  fingerprint?: string;
  proofTimeoutMs?: number;
}

/**
 * The tunnel's sockets: `maxConn` TCP connections to the server's tunnel port, each piped to a
 * fresh connection to the local webhook listener, replaced when it closes (as the stock client
 * does). To our relay each socket first proves it belongs to the name (relay-protocol.ts); the
 * first one is proven before the others open, so a newly issued name key reaches them all.
 */
export class TunnelSockets {
  private readonly options: TunnelSocketsOptions;
  private nameKey: string | undefined;
  private readonly open = new Set<Socket>();
  private closed = false;
  private failure: string | undefined;
  private readonly failureListeners: ((reason: string) => void)[] = [];
  private readonly requestListeners = new Set<(path: string) => void>();

  constructor(options: TunnelSocketsOptions) {
    this.options = options;
    this.nameKey = options.nameKey;
  }

  /** Resolves once the first socket is connected (and accepted by our relay); rejects with the reason. */
  async start(): Promise<void> {
    await this.openOne();
    for (let i = 1; i < this.options.info.maxConn; i++) this.openOne().catch((error: Error) => this.fail(error.message));
  }

  onFailure(listener: (reason: string) => void): void {
    if (this.failure !== undefined) listener(this.failure);
    else this.failureListeners.push(listener);
  }

  onRequest(listener: (path: string) => void): () => void {
    this.requestListeners.add(listener);
    return () => this.requestListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.failureListeners.length = 0;
    for (const socket of this.open) socket.destroy();
    this.open.clear();
  }

  private fail(reason: string): void {
    if (this.closed || this.failure !== undefined) return;
    this.failure = reason;
    for (const listener of this.failureListeners.splice(0)) listener(reason);
  }

  /** One socket to the server, proven if the server asks for it, then piped to the local listener. */
  private async openOne(): Promise<void> {
    const { info, server } = this.options;
    const remote = await this.connectRemote();
    if (info.socketKey) {
      remote.write(helloLine({ socketKey: info.socketKey, ...(this.nameKey ? { nameKey: this.nameKey } : {}) }));
      const line = await readLine(remote, this.options.proofTimeoutMs ?? 15_000).catch((error: Error) => {
        remote.destroy();
        throw new Error(`the connection to ${server} broke during the tunnel proof (${error.message})`);
      });
      const reply = parseReply(line);
      if (!reply?.ok) {
        remote.destroy();
        throw new Error(`${server} refused the tunnel: ${reply ? reply.message : 'it did not answer the tunnel proof'}`);
      }
      if (reply.nameKey) {
        this.nameKey = reply.nameKey;
        this.options.onNameKey(reply.nameKey);
      }
    }
    if (this.closed) return void remote.destroy();
    this.open.add(remote);
    remote.on('data', (data: Buffer) => {
      const match = /^(\w+) (\S+)/.exec(data.subarray(0, 2048).toString('latin1'));
      if (match) for (const listener of this.requestListeners) listener(match[2]!);
    });
    remote.once('close', () => {
      this.open.delete(remote);
      // A socket the server closed is replaced; if the server is gone, the new one fails loudly.
      if (!this.closed && this.failure === undefined) this.openOne().catch((error: Error) => this.fail(error.message));
    });
    this.pipeToLocal(remote);
  }

  /**
   * A socket to the tunnel port: over TLS when our relay offers it (checked against the
   * system's roots, or only the pinned certificate when tunnel.fingerprint is set), else TCP.
   */
  private connectRemote(): Promise<Socket> {
    const { info, server, fingerprint } = this.options;
    if (fingerprint && !info.tls)
      return Promise.reject(new Error(`${server} refused the tunnel: it does not encrypt the tunnel, and this Hooktray is set to (tunnel.fingerprint)`));
    // The relay checks that sockets come from the address that registered: use the same IP family.
    const family = info.clientAddress ? (isIPv6(info.clientAddress) ? 6 : 4) : 0;
    const where = { host: info.remoteHost, port: info.remotePort, ...(family ? { family } : {}) };
    return new Promise((resolve, reject) => {
      const remote = info.tls
        ? tlsConnect({
            ...where,
            ...(isIP(info.remoteHost) ? {} : { servername: info.remoteHost }),
            ...(fingerprint ? { rejectUnauthorized: false } : { ca: trustedRoots() }),
          })
        : connect(where);
      remote.setKeepAlive(true);
      remote.setNoDelay(true);
      remote.once(info.tls ? 'secureConnect' : 'connect', () => {
        remote.off('error', onError);
        remote.on('error', () => remote.destroy());
        const seen = info.tls && fingerprint ? (remote as ReturnType<typeof tlsConnect>).getPeerCertificate().fingerprint256 : undefined;
        if (seen !== undefined && normalFingerprint(seen) !== normalFingerprint(fingerprint!)) {
          remote.destroy();
          return reject(
            new Error(`${server} refused the tunnel: its certificate (${seen}) is not the one set in tunnel.fingerprint (CERT_FINGERPRINT_MISMATCH)`),
          );
        }
        resolve(remote);
      });
      const onError = (error: NodeJS.ErrnoException) => {
        remote.destroy();
        reject(new Error(`the connection to ${server} broke (${error.code ?? error.message}: ${info.remoteHost}:${info.remotePort})`));
      };
      remote.once('error', onError);
    });
  }

  /** Pipes the server's socket to a new local connection; a local listener that is not up yet is retried each second. */
  private pipeToLocal(remote: Socket): void {
    remote.pause();
    const local = connect({ host: 'localhost', port: this.options.localPort });
    local.once('error', (error: NodeJS.ErrnoException) => {
      local.destroy();
      if (error.code === 'ECONNREFUSED' && !remote.destroyed && !this.closed) setTimeout(() => !remote.destroyed && this.pipeToLocal(remote), 1000).unref();
      else remote.end();
    });
    local.once('connect', () => {
      local.on('error', () => local.destroy());
      remote.resume();
      remote.pipe(local).pipe(remote);
    });
    remote.once('close', () => local.destroy());
  }
}

/** "ab:cd:…" or "ABCD…" → "ABCD…". */
export function normalFingerprint(value: string): string {
  return value.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

let roots: string[] | undefined;
/** Node's bundled roots plus the computer's own (a company's root, a certificate the owner installed). */
function trustedRoots(): string[] {
  roots ??= [...new Set([...getCACertificates('default'), ...getCACertificates('system')])];
  return roots;
}
