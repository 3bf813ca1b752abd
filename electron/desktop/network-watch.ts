import type { NetworkInterfaceInfo } from 'node:os';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** The computer's addresses towards the outside, as one string: it changes when a network comes, goes or is swapped. */
export function networkFingerprint(interfaces: Interfaces): string {
  const addresses: string[] = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) if (!info.internal) addresses.push(`${name}/${info.family}/${info.address}`);
  }
  return addresses.sort().join(' ');
}

/**
 * Notices a network change (Wi-Fi swapped, cable plugged, VPN up, back online) by comparing the
 * addresses every few seconds; the tunnel's sockets belong to the old network and would only
 * fail later, so `onChange` (tunnel.reconnect) runs at once. Electron has no such event.
 */
export class NetworkWatch {
  private last: string | undefined;
  private readonly read: () => Interfaces;
  private readonly onChange: (reason: string) => void;

  constructor(read: () => Interfaces, onChange: (reason: string) => void) {
    this.read = read;
    this.onChange = onChange;
  }

  /** One look; the first only notes the current network. */
  check(): void {
    let now: string;
    try {
      now = networkFingerprint(this.read());
    } catch {
      return; // the OS could not list interfaces this time: look again next tick
    }
    const before = this.last;
    this.last = now;
    if (before === undefined || before === now) return;
    this.onChange(now === '' ? 'the computer went offline' : before === '' ? 'the computer is back online' : 'the network changed');
  }

  /** Looks every `everyMs`; returns the stop function. */
  start(everyMs = 5000): () => void {
    this.check();
    const timer = setInterval(() => this.check(), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
