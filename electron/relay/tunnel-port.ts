import type { Server } from 'node:net';
import type { RelayOptions } from './relay-options.ts';

/** Listens on a free port, within `range` when one is configured. */
export async function listenInRange(server: Server, host: string, range: RelayOptions['tunnelPorts']): Promise<void> {
  const ports = range ? shuffled(range.min, range.max) : [0];
  for (const port of ports) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  throw Object.assign(new Error(`no free port left in ${range?.min}-${range?.max}`), { code: 'EADDRINUSE' });
}

function shuffled(min: number, max: number): number[] {
  const ports = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  for (let i = ports.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [ports[i], ports[j]] = [ports[j]!, ports[i]!];
  }
  return ports;
}
