import type { Transporter } from 'nodemailer';
import type { SmtpSettings } from '../../../shared/config.ts';

/** How Hooktray talks to the owner's mail server, pooled for recipes or once for Send test email. */
export function smtpOptions(smtp: SmtpSettings) {
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    // A login sends the password: only over an encrypted connection, unless the owner allowed otherwise.
    ...(smtp.requireTLS || (smtp.user && !smtp.allowUnencryptedLogin) ? { requireTLS: true } : {}),
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    // A dropped connection is not held open waiting for the server to close its side.
    socketCloseTimeout: 1_000,
  };
}

/**
 * Pooled SMTP connections, one pool per mail-server setting. Opening a session costs a TCP
 * connect, a greeting (many servers pause before it), EHLO and often TLS and AUTH: reusing
 * connections is what keeps "order → email" fast. A changed setting gets a new pool; the old
 * one is closed once its sends are done.
 */
export class MailTransports {
  private current: { key: string; transport: Transporter } | undefined;
  private readonly maxConnections: number;

  constructor(maxConnections = 4) {
    this.maxConnections = maxConnections;
  }

  /** nodemailer is loaded on the first email, so an app that sends none never pays its memory. */
  async get(smtp: SmtpSettings): Promise<Transporter> {
    const key = JSON.stringify(smtp);
    if (this.current?.key === key) return this.current.transport;
    const { createTransport } = await import('nodemailer');
    if (this.current?.key === key) return this.current.transport;
    this.current?.transport.close();
    const transport = createTransport({ pool: true, maxConnections: this.maxConnections, ...smtpOptions(smtp) });
    this.current = { key, transport };
    return transport;
  }

  /**
   * On stop: the runner has already aborted or finished every send, so close every connection,
   * also one still stuck in a send, instead of waiting out its socket timeout.
   */
  close(): void {
    this.current?.transport.close({ force: true });
    this.current = undefined;
  }
}
