import type { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { allInterfacesNote } from '../../electron/cli/output.ts';
import { baseUrlFor, isAnyHost, networkBaseUrls } from '../../electron/engine/listen-address.ts';

type Interfaces = ReturnType<typeof networkInterfaces>;

const addr = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal, netmask: '', mac: '00:00:00:00:00:00', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NonNullable<
    Interfaces[string]
  >[number];

const INTERFACES: Interfaces = {
  lo: [addr('127.0.0.1', 'IPv4', true), addr('::1', 'IPv6', true)],
  eth0: [addr('192.168.1.20', 'IPv4'), addr('fe80::1c2b:3aff:fe4d:5e6f', 'IPv6'), addr('2001:db8::20', 'IPv6')],
  wlan0: [addr('10.0.0.7', 'IPv4')],
};

describe('webhook addresses of the listener', () => {
  it('never prints 0.0.0.0 or :: in a URL: this computer reaches them at 127.0.0.1', () => {
    expect(baseUrlFor('0.0.0.0', 8787)).toBe('http://127.0.0.1:8787');
    expect(baseUrlFor('::', 8787)).toBe('http://127.0.0.1:8787');
    expect(baseUrlFor('127.0.0.1', 8787)).toBe('http://127.0.0.1:8787');
    expect(baseUrlFor('::1', 8787)).toBe('http://[::1]:8787');
    expect(baseUrlFor('192.168.1.20', 80)).toBe('http://192.168.1.20:80');
    expect(isAnyHost('0.0.0.0') && isAnyHost('::') && !isAnyHost('localhost')).toBe(true);
  });

  it('lists the addresses other machines can use when listening on every interface', () => {
    expect(networkBaseUrls('0.0.0.0', 8787, INTERFACES)).toEqual(['http://192.168.1.20:8787', 'http://10.0.0.7:8787']);
    expect(networkBaseUrls('::', 8787, INTERFACES)).toEqual(['http://192.168.1.20:8787', 'http://[2001:db8::20]:8787', 'http://10.0.0.7:8787']);
    expect(networkBaseUrls('127.0.0.1', 8787, INTERFACES)).toEqual([]);
    expect(networkBaseUrls('0.0.0.0', 8787, { lo: INTERFACES.lo })).toEqual([]);
  });

  it('tells the owner which address works where', () => {
    expect(allInterfacesNote('0.0.0.0', 'http://127.0.0.1:8787', ['http://192.168.1.20:8787'])).toBe(
      'Listening on every network interface (0.0.0.0). The addresses below use http://127.0.0.1:8787, which works on this computer; from another machine on your network use http://192.168.1.20:8787 in its place.\n',
    );
    expect(allInterfacesNote('0.0.0.0', 'http://127.0.0.1:8787', [])).toContain('no network address that other machines could use');
  });
});
