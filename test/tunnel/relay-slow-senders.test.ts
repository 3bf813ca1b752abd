import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import localtunnel from 'localtunnel';
import { describe, expect, it, onTestFinished } from 'vitest';
import { relayRequest, spawnRelay, tunnelHost } from '../helpers/relay.ts';
import { waitUntil } from '../helpers/wait.ts';

/** A local app behind the stock client that answers every request 201. */
async function appBehind(relayHost: string, name: string) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(201).end('{"ok":true}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const tunnel = await localtunnel({ port: (server.address() as { port: number }).port, host: relayHost, subdomain: name });
  tunnel.on('error', () => {});
  onTestFinished(() => {
    tunnel.close();
    server.closeAllConnections();
    server.close();
  });
}

interface SlowUpload {
  socket: Socket;
  /** Everything the relay answered so far. */
  answer(): string;
  closed: Promise<void>;
}

/**
 * A POST that announces 100 kB and sends one byte. Resolves once the relay has taken the request
 * (its "100 Continue", sent as it hands the request to its handler), so nothing here is a guess.
 */
async function slowUpload(relayPort: number, name: string, from: { forwardedFor?: string; localAddress?: string }): Promise<SlowUpload> {
  const socket = connect({ host: '127.0.0.1', port: relayPort, ...(from.localAddress ? { localAddress: from.localAddress } : {}) });
  socket.on('error', () => {});
  onTestFinished(() => void socket.destroy());
  let text = '';
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const taken = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (/^HTTP\/1\.1 /.test(text)) resolve();
    });
    void closed.then(resolve);
  });
  socket.write(
    `POST /h/shopify/x HTTP/1.1\r\nHost: ${tunnelHost(name, relayPort)}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n` +
      (from.forwardedFor ? `X-Forwarded-For: ${from.forwardedFor}\r\n` : '') +
      '\r\n{',
  );
  await taken;
  return { socket, answer: () => text, closed };
}

const genuine = (relayPort: number, name: string, forwardedFor: string) =>
  relayRequest(relayPort, {
    host: tunnelHost(name, relayPort),
    method: 'POST',
    path: '/h/shopify/real',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: '{"id":1}',
  });

describe('relay under slow senders (issue 17, item 5)', () => {
  it('sixty slow uploads from sixty addresses do not make it refuse a genuine delivery', async () => {
    const relay = await spawnRelay();
    await appBehind(relay.host, 'busy-shop');
    const slow: SlowUpload[] = [];
    for (let i = 0; i < 60; i++) slow.push(await slowUpload(relay.port, 'busy-shop', { forwardedFor: `198.51.100.${i + 1}` }));
    expect(slow.every((s) => s.answer().startsWith('HTTP/1.1 100 Continue'))).toBe(true);
    const answer = await genuine(relay.port, 'busy-shop', '203.0.113.9');
    expect(answer.status).toBe(201);
  });

  it('gives one sender a few unfinished uploads at a time (429 past them); finished or gone, they free their place', async () => {
    const relay = await spawnRelay(['--max-client-uploads', '4']);
    await appBehind(relay.host, 'slow-shop');
    const slow: SlowUpload[] = [];
    for (let i = 0; i < 6; i++) slow.push(await slowUpload(relay.port, 'slow-shop', { forwardedFor: '198.51.100.77' }));
    for (const extra of slow.slice(4)) await waitUntil(() => / 429 [^]*unfinished uploads/.test(extra.answer()), 'a 429 for an upload past the limit');
    // Another sender is not affected.
    expect((await genuine(relay.port, 'slow-shop', '198.51.100.78')).status).toBe(201);
    // The slow sender gives up on its uploads: its next delivery goes through.
    for (const s of slow) s.socket.destroy();
    await waitUntil(async () => (await genuine(relay.port, 'slow-shop', '198.51.100.77')).status === 201, 'the sender’s places to be freed');
  });

  it('cuts off a body that does not arrive within --body-timeout (408, saying so)', async () => {
    const relay = await spawnRelay(['--body-timeout', '1']);
    await appBehind(relay.host, 'late-shop');
    const late = await slowUpload(relay.port, 'late-shop', { forwardedFor: '198.51.100.79' });
    await waitUntil(() => / 408 /.test(late.answer()), 'a 408 for the slow upload');
    expect(late.answer()).toContain('did not arrive within 1 s');
    await late.closed;
  });

  it('limits the connections one direct client (no proxy in front) may hold open', async () => {
    const relay = await spawnRelay(['--max-client-connections', '5']);
    await appBehind(relay.host, 'conn-shop');
    const sockets = Array.from({ length: 8 }, () => connect({ host: '127.0.0.1', port: relay.port, localAddress: '127.0.0.2' }).on('error', () => {}));
    onTestFinished(() => sockets.forEach((s) => s.destroy()));
    // Three of the eight are closed by the relay; the five it keeps stay open until the test ends.
    await waitUntil(() => sockets.filter((s) => s.destroyed).length === 3, 'three connections over the limit to be closed');
    const other = await relayRequest(relay.port, { host: tunnelHost('conn-shop', relay.port), path: '/ok', headers: {} });
    expect(other.status).toBe(201);
  });
});
