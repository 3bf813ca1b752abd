import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { NetworkWatch, networkFingerprint } from '../../electron/desktop/network-watch.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';
import { startEngine } from '../helpers/engine.ts';
import { spawnRelay } from '../helpers/relay.ts';
import { waitUntil } from '../helpers/wait.ts';

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: `${address}/24`,
});
const lo = { lo: [v4('127.0.0.1', true)] };

describe('network change detection', () => {
  it('fingerprints the outside addresses only, whatever the order the OS lists them in', () => {
    expect(networkFingerprint(lo)).toBe('');
    expect(networkFingerprint({ ...lo, wlan0: [v4('192.168.1.20')], eth0: [v4('10.0.0.5')] })).toBe(
      networkFingerprint({ eth0: [v4('10.0.0.5')], wlan0: [v4('192.168.1.20')], ...lo }),
    );
    // The real table of this machine reads without error.
    expect(typeof networkFingerprint(networkInterfaces())).toBe('string');
  });

  it('calls back once per change (new Wi-Fi, offline, back online), never for the first look or an unchanged network', () => {
    const snapshots = [
      { ...lo, wlan0: [v4('192.168.1.20')] },
      { ...lo, wlan0: [v4('192.168.1.20')] },
      { ...lo, wlan0: [v4('172.20.10.3')] },
      lo,
      lo,
      { ...lo, wlan0: [v4('172.20.10.3')] },
    ];
    let i = 0;
    const reasons: string[] = [];
    const watch = new NetworkWatch(
      () => snapshots[i++]!,
      (reason) => reasons.push(reason),
    );
    for (let n = 0; n < snapshots.length; n++) watch.check();
    expect(reasons).toEqual(['the network changed', 'the computer went offline', 'the computer is back online']);
  });

  it('skips a look the OS could not answer, without calling back', () => {
    let fail = false;
    const reasons: string[] = [];
    const watch = new NetworkWatch(
      () => {
        if (fail) throw new Error('EPERM');
        return { ...lo, eth0: [v4('10.0.0.5')] };
      },
      (r) => reasons.push(r),
    );
    watch.check();
    fail = true;
    watch.check();
    fail = false;
    watch.check();
    expect(reasons).toEqual([]);
  });

  it('reconnects the engine’s tunnel at once on a change, as the desktop app wires it', async () => {
    const relay = await spawnRelay();
    const { engine } = await startEngine(
      {},
      { tunnel: { provider: 'localtunnel', host: relay.host, timing: { openTimeoutMs: 3000, probeIntervalMs: 60_000 } } },
    );
    await waitUntil(() => engine.tunnel?.status.state === 'online', 'the tunnel to be online');
    const statuses: TunnelStatus[] = [];
    engine.events.on('tunnel', (s) => statuses.push(s));
    let table: Record<string, NetworkInterfaceInfo[]> = { ...lo, eth0: [v4('10.0.0.5')] };
    const watch = new NetworkWatch(
      () => table,
      (reason) => void engine.api['tunnel.reconnect']({ reason }),
    );
    watch.check();
    expect(statuses).toEqual([]);
    table = { ...lo, wlan0: [v4('192.168.1.20')] };
    watch.check();
    await waitUntil(() => statuses.some((s) => s.state === 'online'), 'online again');
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'online']);
  });
});
