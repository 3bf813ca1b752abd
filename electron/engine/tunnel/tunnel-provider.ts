/** What the supervisor asks a provider for: a public URL forwarding to the local webhook port. */
export interface TunnelOpenRequest {
  localPort: number;
  /** The name we want (and had before); the server may hand out another. */
  subdomain: string;
  /** Give up on this try when it fires (stop, or reconnect now). */
  signal: AbortSignal;
  /** Give up on registration and the first socket after this long. */
  timeoutMs: number;
}

/** One open tunnel. It never throws at the host: failures arrive once through onFailure. */
export interface TunnelConnection {
  /** https://<subdomain>.<domain> */
  readonly url: string;
  readonly subdomain: string;
  /** Called at most once, when the tunnel stopped carrying requests. */
  onFailure(listener: (reason: string) => void): void;
  /** Every request the tunnel carried to us, by path; returns an unsubscribe function. */
  onRequest(listener: (path: string) => void): () => void;
  close(): void;
}

export interface TunnelProvider {
  readonly name: string;
  /** The tunnel server for messages and probes, without any secret (https://relay.example.com). */
  readonly server: string;
  /** Rejects with an Error whose message an owner can read. */
  open(request: TunnelOpenRequest): Promise<TunnelConnection>;
}
