import { connect, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface RawSocket {
  socket: Socket;
  /** Everything the relay sent to this socket. */
  received(): string;
  /** Resolves when the relay closed the socket. */
  closed: Promise<void>;
}

/**
 * A raw TCP client to a tunnel port, as an intruder would open one: it answers anything that
 * looks like a request with 200, so a relay that hands it a delivery is caught doing so.
 */
export function rawTunnelSocket(port: number, options: { from?: string; firstLine?: string } = {}): RawSocket {
  const socket = connect({ host: '127.0.0.1', port, ...(options.from ? { localAddress: options.from } : {}) });
  let text = '';
  socket.on('error', () => {});
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    if (/^(POST|GET|PUT) /m.test(chunk.toString('latin1'))) socket.write('HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\n{"ok":true}');
  });
  const { firstLine } = options;
  if (firstLine !== undefined) socket.once('connect', () => socket.write(firstLine));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  onTestFinished(() => void socket.destroy());
  return { socket, received: () => text, closed };
}

/** The port the relay opened for `name`, from its log (what a port scan would find). */
export function tunnelPortFromLog(stderr: readonly string[], name: string): number | undefined {
  for (const line of [...stderr].reverse()) {
    try {
      const entry = JSON.parse(line) as { id?: string; port?: number };
      if (entry.id === name && typeof entry.port === 'number') return entry.port;
    } catch {
      // not a JSON log line
    }
  }
  return undefined;
}
