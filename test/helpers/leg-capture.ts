import { createServer as createHttpServer, request } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface LegCapture {
  /** The tunnel host to give Hooktray: registrations pass through here. */
  host: string;
  /** Every byte that crossed the tunnel leg, both ways, as text. */
  text(): string;
  bytes(): number;
}

/**
 * Someone on the network path between Hooktray and its relay. Registrations pass through an
 * HTTP proxy that points the tunnel sockets at a TCP proxy, which records every byte of the
 * tunnel leg both ways: what a café's Wi-Fi or an ISP would see.
 */
export async function captureTunnelLeg(relayPort: number, secretPath = ''): Promise<LegCapture> {
  const seen: Buffer[] = [];
  const servers: { close(): void }[] = [];
  const tap = async (targetPort: number) => {
    const server = createServer((inbound: Socket) => {
      const outbound = connect(targetPort, '127.0.0.1');
      inbound.on('data', (d: Buffer) => seen.push(Buffer.from(d)));
      outbound.on('data', (d: Buffer) => seen.push(Buffer.from(d)));
      inbound.pipe(outbound).pipe(inbound);
      inbound.on('error', () => outbound.destroy());
      outbound.on('error', () => inbound.destroy());
      inbound.on('close', () => outbound.destroy());
      outbound.on('close', () => inbound.destroy());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    return (server.address() as { port: number }).port;
  };
  const taps = new Map<number, number>();
  const front = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const upstream = request({ host: '127.0.0.1', port: relayPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', async () => {
          let body = Buffer.concat(parts);
          try {
            const json = JSON.parse(body.toString()) as { port?: number; id?: string };
            if (typeof json.port === 'number' && json.id) {
              if (!taps.has(json.port)) taps.set(json.port, await tap(json.port));
              body = Buffer.from(JSON.stringify({ ...json, port: taps.get(json.port) }));
            }
          } catch {
            // not a registration answer
          }
          res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'content-length': body.length });
          res.end(body);
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  servers.push(front);
  onTestFinished(() => servers.forEach((s) => s.close()));
  return {
    host: `http://127.0.0.1:${(front.address() as { port: number }).port}${secretPath}`,
    text: () => Buffer.concat(seen).toString('latin1'),
    bytes: () => seen.reduce((n, b) => n + b.length, 0),
  };
}
