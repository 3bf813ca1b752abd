import type { ReceivedMail } from './smtp.ts';

/**
 * The text and HTML bodies of a received mail, decoded (quoted-printable or base64), read
 * independently of the code under test so assertions see what a mail client shows.
 */
export function mailBodies(mail: Pick<ReceivedMail, 'raw'>): { text?: string; html?: string } {
  const out: { text?: string; html?: string } = {};
  for (const part of leafParts(mail.raw)) {
    const type = /^content-type:\s*([^;\s]+)/im.exec(part.head)?.[1]?.toLowerCase();
    const body = decode(part.body, /^content-transfer-encoding:\s*(\S+)/im.exec(part.head)?.[1]?.toLowerCase());
    if (type === 'text/plain') out.text ??= body;
    if (type === 'text/html') out.html ??= body;
  }
  return out;
}

function leafParts(raw: string): { head: string; body: string }[] {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(/^content-type:.*$/im.exec(head)?.[0] ?? '')?.[1];
  if (!boundary) return [{ head, body }];
  return body
    .split(`--${boundary}`)
    .slice(1)
    .filter((p) => !p.startsWith('--'))
    .flatMap((p) => leafParts(p.replace(/^\r?\n/, '')));
}

function decode(body: string, encoding: string | undefined): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
  }
  return body.replace(/\r\n/g, '\n');
}
