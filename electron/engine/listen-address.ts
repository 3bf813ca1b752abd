import { networkInterfaces } from 'node:os';

type Interfaces = ReturnType<typeof networkInterfaces>;

/** A host that means "every interface": no one can send to it, so it never goes in a URL. */
export function isAnyHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]' || host === '';
}

/** The base URL for a listener on host:port, as this computer reaches it (a wildcard: 127.0.0.1). */
export function baseUrlFor(host: string, port: number): string {
  if (isAnyHost(host)) return `http://127.0.0.1:${port}`;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/**
 * For a listener on every interface, the base URLs other machines on the network can use: one
 * per external address (IPv4 for 0.0.0.0; for :: also global IPv6, never link-local ones,
 * which need a zone id). Empty for a listener bound to one address.
 */
export function networkBaseUrls(host: string, port: number, interfaces: Interfaces = networkInterfaces()): string[] {
  if (!isAnyHost(host)) return [];
  const withIpv6 = host !== '0.0.0.0';
  const urls: string[] = [];
  for (const addresses of Object.values(interfaces)) {
    for (const a of addresses ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4') urls.push(`http://${a.address}:${port}`);
      else if (withIpv6 && a.family === 'IPv6' && !a.address.toLowerCase().startsWith('fe80:')) urls.push(`http://[${a.address}]:${port}`);
    }
  }
  return [...new Set(urls)];
}
