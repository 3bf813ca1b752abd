import type { SmtpSettings } from '../../../shared/config.ts';
import { providerForServer } from '../../../shared/mail-providers.ts';

/** What went wrong talking to a mail server, as the owner can act on it. */
export type MailProblemKind = 'refused' | 'tls' | 'no-greeting' | 'auth' | 'host' | 'timeout' | 'no-encryption' | 'recipient' | 'other';

export interface MailProblem {
  kind: MailProblemKind;
  /** One or two sentences that name the server and say what to do: never "ESOCKET" or "EDNS". */
  message: string;
}

type NodemailerError = { code?: string; command?: string; responseCode?: number; response?: string; message?: string };

/**
 * A nodemailer error in words. nodemailer reports a refused port and a TLS mismatch both as
 * ESOCKET and an unknown host as EDNS: the socket's own message tells them apart.
 */
export function mailProblem(error: unknown, smtp: Pick<SmtpSettings, 'host' | 'port' | 'secure' | 'user'>): MailProblem {
  const e = (error ?? {}) as NodemailerError;
  const text = `${e.message ?? String(error)}`;
  const server = `${smtp.host} (port ${smtp.port})`;
  const provider = providerForServer(smtp.host);
  if (e.code === 'EDNS' || /ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(text)) {
    const offline = /EAI_AGAIN/.test(text);
    return {
      kind: 'host',
      message: offline
        ? `Could not look up the mail server ${smtp.host}: this computer may be offline. Check the connection and try again.`
        : `There is no mail server called ${smtp.host}: check its spelling (for example smtp.gmail.com).`,
    };
  }
  if (/ECONNREFUSED/.test(text)) {
    return {
      kind: 'refused',
      message: `The mail server ${server} refused the connection: nothing answers on that port. Check the port (usually 587, or 465 with "Encrypted from the start" on) and the server name.`,
    };
  }
  if (/wrong version number|packet length too long|unknown protocol|record layer|ssl3_get_record|tls_validate_record_header/i.test(text)) {
    return {
      kind: 'tls',
      message: `The mail server ${server} does not start with encryption, but "Encrypted from the start" is on. Turn it off for port 587 (or 25); only port 465 wants it on.`,
    };
  }
  if (/Greeting never received/i.test(text)) {
    return {
      kind: 'no-greeting',
      message:
        smtp.port === 465 && !smtp.secure
          ? `The mail server ${server} waits for an encrypted connection: port 465 wants "Encrypted from the start" on.`
          : `The mail server ${server} accepted the connection but never answered${smtp.secure ? '' : '; if this port wants encryption from the start (usually 465), turn on "Encrypted from the start"'}.`,
    };
  }
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    const hint = provider?.appPassword
      ? ` ${provider.name} wants an App Password here, not your account's password: make one at ${provider.appPassword.link}.`
      : ' Check the user name (usually your full email address) and the password.';
    return { kind: 'auth', message: `The mail server ${server} refused the login${smtp.user ? ` for ${smtp.user}` : ''}.${hint}` };
  }
  if (e.code === 'ETLS' || e.code === 'EREQUIRETLS' || /certificate|self.signed|CERT_|altnames/i.test(text)) {
    return {
      kind: 'tls',
      message: `Could not start an encrypted connection to ${server}: ${shortReason(text)}. Check the server name and port, and "Encrypted from the start" (on for 465, off for 587).`,
    };
  }
  if (e.code === 'ETIMEDOUT' || /ETIMEDOUT|timed? ?out/i.test(text)) {
    return { kind: 'timeout', message: `The mail server ${server} did not answer in time. Check the server name and port; a firewall may block it.` };
  }
  if (/ECONNRESET|EPIPE|socket hang up|closed/i.test(text)) {
    return {
      kind: 'refused',
      message: `The mail server ${server} closed the connection at once. Check the port and "Encrypted from the start" (on for 465, off for 587).`,
    };
  }
  if (typeof e.responseCode === 'number') {
    const what = e.command?.startsWith('RCPT') ? 'refused that address' : 'refused the message';
    return { kind: e.command?.startsWith('RCPT') ? 'recipient' : 'other', message: `The mail server ${server} ${what}: ${shortReason(e.response ?? text)}.` };
  }
  return { kind: 'other', message: `Sending through ${server} failed: ${shortReason(text)}.` };
}

/** A server's or library's reason, one line, without OpenSSL's file paths. */
function shortReason(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/:\.\.\/deps\/\S+/g, '')
    .trim()
    .replace(/[.:]$/, '')
    .slice(0, 160);
}
