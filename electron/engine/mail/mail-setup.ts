import { Resolver } from 'node:dns/promises';
import { addressDomain, providerForDomain, providerForMx, type MailProvider, type MailSetup } from '../../../shared/mail-providers.ts';
import { boundedText, smtpFromAutoconfig } from './autoconfig.ts';

/** How email setup looks things up: DNS (a resolver the tests can point at 127.0.0.1) and HTTPS. */
export interface MailSetupDeps {
  resolver: Pick<Resolver, 'resolveSrv' | 'resolveMx'>;
  fetch: typeof fetch;
  /** Where a domain's autoconfig document may be, in order (tests serve one on 127.0.0.1). */
  autoconfigUrls?: (domain: string, address: string) => string[];
}

const DNS_TIMEOUT_MS = 3_000;
const HTTP_TIMEOUT_MS = 5_000;

/** A resolver with short timeouts; `servers` ("127.0.0.1:5353") replaces the system's for tests. */
export function mailResolver(servers?: readonly string[]): Resolver {
  const resolver = new Resolver({ timeout: DNS_TIMEOUT_MS, tries: 2 });
  if (servers?.length) resolver.setServers([...servers]);
  return resolver;
}

/** Thunderbird's places for a domain's own document: autoconfig.<domain>, then the domain's well-known path. */
function defaultAutoconfigUrls(domain: string, address: string): string[] {
  const query = `?emailaddress=${encodeURIComponent(address)}`;
  return [`https://autoconfig.${domain}/mail/config-v1.1.xml${query}`, `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml${query}`];
}

const shown = (p: MailProvider): NonNullable<MailSetup['provider']> => ({
  id: p.id,
  name: p.name,
  ...(p.appPassword ? { appPassword: p.appPassword } : {}),
  ...(p.note ? { note: p.note } : {}),
});

/**
 * The outgoing server for an address, as mail apps find it: a provider Hooktray knows by the
 * address's domain, else the domain's SRV records (RFC 8314's _submissions, TLS from the start,
 * before RFC 6186's _submission), else its autoconfig document, else its MX records pointing
 * at a provider Hooktray knows (a Google Workspace or Microsoft 365 domain). Nothing found is an
 * answer too: the owner then types the server.
 */
export async function findMailSetup(typed: string, deps: MailSetupDeps): Promise<MailSetup> {
  const address = typed.trim();
  const domain = addressDomain(address);
  if (!domain) return { address, found: 'none', from: 'nothing: this is not an email address' };
  const known = providerForDomain(domain);
  if (known) return { address, found: 'provider', from: known.name, smtp: { ...known.smtp, user: address }, provider: shown(known) };

  const srv = await submissionSrv(domain, deps.resolver);
  if (srv) return { address, found: 'srv', from: `the DNS records of ${domain}`, smtp: { ...srv, user: address } };

  for (const url of (deps.autoconfigUrls ?? defaultAutoconfigUrls)(domain, address)) {
    const smtp = await autoconfigAt(url, address, deps.fetch);
    if (smtp) return { address, found: 'autoconfig', from: `the mail settings ${new URL(url).host} publishes`, smtp };
  }

  const mx = await deps.resolver.resolveMx(domain).catch(() => []);
  for (const record of [...mx].sort((a, b) => a.priority - b.priority)) {
    const hosted = providerForMx(record.exchange);
    if (hosted)
      return { address, found: 'mx', from: `${hosted.name} (${domain}'s mail is there)`, smtp: { ...hosted.smtp, user: address }, provider: shown(hosted) };
  }
  return { address, found: 'none', from: `nothing: ${domain} publishes no mail settings Hooktray can read` };
}

/** RFC 6186 / RFC 8314: the best-priority _submissions (465) record, else _submission (587); a target of "." says there is none. */
async function submissionSrv(domain: string, resolver: MailSetupDeps['resolver']): Promise<{ host: string; port: number; secure: boolean } | undefined> {
  for (const [service, secure] of [
    ['_submissions', true],
    ['_submission', false],
  ] as const) {
    const records = await resolver.resolveSrv(`${service}._tcp.${domain}`).catch(() => []);
    const best = [...records].filter((r) => r.name && r.name !== '.' && r.port > 0).sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
    if (best) return { host: best.name.replace(/\.$/, '').toLowerCase(), port: best.port, secure };
  }
  return undefined;
}

async function autoconfigAt(url: string, address: string, fetcher: typeof fetch) {
  try {
    const response = await fetcher(url, { redirect: 'follow', signal: AbortSignal.timeout(HTTP_TIMEOUT_MS), headers: { accept: 'application/xml, text/xml' } });
    if (!response.ok) return undefined;
    const xml = await boundedText(response);
    return xml ? smtpFromAutoconfig(xml, address) : undefined;
  } catch {
    return undefined;
  }
}
