import { XMLParser } from 'fast-xml-parser';
import type { MailServer } from '../../../shared/mail-providers.ts';

/** The largest autoconfig document read: real ones are a few kilobytes. */
const MAX_BYTES = 64 * 1024;

/**
 * The outgoing server in a Thunderbird autoconfig document (the ISPDB format, config-v1.1.xml):
 * the first SMTP server with TLS from the start or STARTTLS (plain ones would send the password
 * readable), with its user name filled in for this address.
 */
export function smtpFromAutoconfig(xml: string, address: string): (MailServer & { user: string }) | undefined {
  let doc: unknown;
  try {
    doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      processEntities: false,
      isArray: (name) => ['emailProvider', 'outgoingServer'].includes(name),
    }).parse(xml);
  } catch {
    return undefined;
  }
  const providers = ((doc as { clientConfig?: { emailProvider?: unknown[] } }).clientConfig?.emailProvider ?? []) as {
    outgoingServer?: Record<string, unknown>[];
  }[];
  const [local = '', domain = ''] = [address.slice(0, address.lastIndexOf('@')), address.slice(address.lastIndexOf('@') + 1)];
  for (const server of providers.flatMap((p) => p.outgoingServer ?? [])) {
    if (server['@type'] !== 'smtp') continue;
    const host = text(server.hostname);
    const port = Number(text(server.port));
    const socket = text(server.socketType)?.toUpperCase();
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535 || (socket !== 'SSL' && socket !== 'STARTTLS')) continue;
    const user = (text(server.username) ?? '%EMAILADDRESS%')
      .replace(/%EMAILADDRESS%/g, address)
      .replace(/%EMAILLOCALPART%/g, local)
      .replace(/%EMAILDOMAIN%/g, domain);
    return { host: host.replace(/%EMAILDOMAIN%/g, domain).toLowerCase(), port, secure: socket === 'SSL', user };
  }
  return undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() || undefined : undefined);

/** Reads a response body up to MAX_BYTES; past that it is no autoconfig document. */
export async function boundedText(response: Response): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
