import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import * as packet from 'dns-packet';
import { onTestFinished } from 'vitest';

/** Records by name: SRV and MX as DNS serves them. Anything else is NXDOMAIN. */
export interface TestZone {
  srv?: Record<string, { priority?: number; weight?: number; port: number; target: string }[]>;
  mx?: Record<string, { preference: number; exchange: string }[]>;
}

/**
 * A real DNS server on 127.0.0.1 (UDP, dns-packet) answering from a small zone: email setup's
 * SRV and MX lookups go to it through node's resolver, as they would to the owner's DNS. Keeps
 * the questions it was asked.
 */
export async function startDnsServer(zone: TestZone): Promise<{ server: string; questions: string[]; stop(): Promise<void> }> {
  const socket = createSocket('udp4');
  const questions: string[] = [];
  socket.on('message', (message, remote) => {
    let query: packet.Packet;
    try {
      query = packet.decode(message);
    } catch {
      return; // not DNS: no answer, as a real server
    }
    const answers: packet.Answer[] = [];
    for (const q of query.questions ?? []) {
      const name = q.name.toLowerCase();
      questions.push(`${q.type} ${name}`);
      if (q.type === 'SRV')
        for (const r of zone.srv?.[name] ?? [])
          answers.push({
            type: 'SRV',
            name: q.name,
            ttl: 60,
            class: 'IN',
            data: { priority: r.priority ?? 0, weight: r.weight ?? 0, port: r.port, target: r.target },
          });
      if (q.type === 'MX') for (const r of zone.mx?.[name] ?? []) answers.push({ type: 'MX', name: q.name, ttl: 60, class: 'IN', data: r });
    }
    const found = (query.questions ?? []).some((q) => zone.srv?.[q.name.toLowerCase()] || zone.mx?.[q.name.toLowerCase()]);
    const reply = packet.encode({
      type: 'response',
      id: query.id,
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (found ? 0 : 3),
      questions: query.questions,
      answers,
    });
    socket.send(reply, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const stop = () => new Promise<void>((resolve) => socket.close(() => resolve()));
  onTestFinished(() => stop().catch(() => undefined));
  return { server: `127.0.0.1:${(socket.address() as AddressInfo).port}`, questions, stop };
}
