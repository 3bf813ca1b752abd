import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { findMailSetup, mailResolver, type MailSetupDeps } from '../../../electron/engine/mail/mail-setup.ts';
import { startDnsServer } from '../../helpers/dns-server.ts';
import { startEngine } from '../../helpers/engine.ts';

/** A loopback web server publishing autoconfig documents by host name, as autoconfig.<domain> would. */
async function startAutoconfig(documents: Record<string, string>) {
  const asked: string[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    asked.push(request.url ?? '');
    const domain = new URL(request.url ?? '/', 'http://x').searchParams.get('domain') ?? '';
    const doc = documents[domain];
    if (doc === undefined) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/xml' }).end(doc);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { asked, urls: (domain: string, address: string) => [`${base}/mail/config-v1.1.xml?domain=${domain}&emailaddress=${encodeURIComponent(address)}`] };
}

const autoconfig = (servers: string) => `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="example"><domain>example</domain>
<incomingServer type="imap"><hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
${servers}
</emailProvider></clientConfig>`;

/** Lookups that fail the test if made: a known provider needs no network. */
const noLookups: MailSetupDeps = {
  resolver: { resolveSrv: () => Promise.reject(new Error('no DNS expected')), resolveMx: () => Promise.reject(new Error('no DNS expected')) },
  fetch: () => Promise.reject(new Error('no HTTP expected')),
};

describe('email setup from the owner’s address', () => {
  it('knows the big providers by the address alone, with how to make an App Password', async () => {
    const gmail = await findMailSetup('  Berg.Bakery@Gmail.com ', noLookups);
    expect(gmail).toMatchObject({ found: 'provider', from: 'Gmail', smtp: { host: 'smtp.gmail.com', port: 465, secure: true, user: 'Berg.Bakery@Gmail.com' } });
    expect(gmail.provider?.appPassword?.link).toBe('https://myaccount.google.com/apppasswords');
    expect(await findMailSetup('shop@outlook.com', noLookups)).toMatchObject({
      found: 'provider',
      smtp: { host: 'smtp-mail.outlook.com', port: 587, secure: false },
    });
    expect((await findMailSetup('shop@icloud.com', noLookups)).provider?.appPassword?.steps).toHaveLength(2);
    expect(await findMailSetup('not an address', noLookups)).toMatchObject({ found: 'none' });
  });

  it('reads a domain’s SRV records from DNS, preferring TLS from the start (_submissions) and the best priority', async () => {
    const dns = await startDnsServer({
      srv: {
        '_submission._tcp.berg-bakery.example': [{ priority: 10, port: 587, target: 'mail.berg-bakery.example' }],
        '_submissions._tcp.rossi.example': [
          { priority: 20, port: 465, target: 'backup.rossi.example' },
          { priority: 5, port: 465, target: 'Smtp.Rossi.example.' },
        ],
        '_submission._tcp.none.example': [{ priority: 0, port: 0, target: '.' }],
      },
    });
    const deps: MailSetupDeps = { resolver: mailResolver([dns.server]), fetch: noLookups.fetch, autoconfigUrls: () => [] };
    expect(await findMailSetup('anna@berg-bakery.example', deps)).toEqual({
      address: 'anna@berg-bakery.example',
      found: 'srv',
      from: 'the DNS records of berg-bakery.example',
      smtp: { host: 'mail.berg-bakery.example', port: 587, secure: false, user: 'anna@berg-bakery.example' },
    });
    expect((await findMailSetup('m@rossi.example', deps)).smtp).toEqual({ host: 'smtp.rossi.example', port: 465, secure: true, user: 'm@rossi.example' });
    // "." is RFC 6186's "no such service here": nothing found, the owner types the server.
    expect((await findMailSetup('x@none.example', deps)).found).toBe('none');
    expect(dns.questions).toContain('SRV _submission._tcp.berg-bakery.example');
  });

  it('falls back to the domain’s autoconfig document, skipping servers that would send the password readable', async () => {
    const dns = await startDnsServer({});
    const web = await startAutoconfig({
      'weber.example':
        autoconfig(`<outgoingServer type="smtp"><hostname>plain.weber.example</hostname><port>25</port><socketType>plain</socketType></outgoingServer>
<outgoingServer type="smtp"><hostname>smtp.%EMAILDOMAIN%</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILLOCALPART%</username></outgoingServer>`),
      'huge.example': autoconfig(`<!-- ${'x'.repeat(70_000)} -->`),
      'broken.example': '<clientConfig><emailProvider><outgoingServer type="smtp"><hostname>',
    });
    const deps: MailSetupDeps = { resolver: mailResolver([dns.server]), fetch: globalThis.fetch, autoconfigUrls: web.urls };
    const found = await findMailSetup('hans@weber.example', deps);
    expect(found).toMatchObject({ found: 'autoconfig', smtp: { host: 'smtp.weber.example', port: 587, secure: false, user: 'hans' } });
    expect(found.from).toMatch(/^the mail settings 127\.0\.0\.1:\d+ publishes$/);
    expect((await findMailSetup('a@huge.example', deps)).found).toBe('none');
    expect((await findMailSetup('a@broken.example', deps)).found).toBe('none');
    expect(web.asked).toHaveLength(3);
  });

  it('knows a Google Workspace domain by its MX records, through the engine’s mail.setup', async () => {
    const dns = await startDnsServer({
      mx: {
        'keller-moebel.example': [
          { preference: 5, exchange: 'alt1.aspmx.l.google.com' },
          { preference: 1, exchange: 'aspmx.l.google.com' },
        ],
      },
    });
    const { engine } = await startEngine({ paused: true }, { mailLookup: { resolver: mailResolver([dns.server]), autoconfigUrls: () => [] } });
    const found = await engine.api['mail.setup']({ address: 'info@keller-moebel.example' });
    expect(found).toMatchObject({
      found: 'mx',
      smtp: { host: 'smtp.gmail.com', port: 465, secure: true, user: 'info@keller-moebel.example' },
      provider: { id: 'google-workspace' },
    });
    expect(found.from).toBe("Google Workspace (keller-moebel.example's mail is there)");
  });
});
