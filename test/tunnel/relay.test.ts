import { createServer, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import localtunnel from 'localtunnel';
import { describe, expect, it, onTestFinished } from 'vitest';
import { relayRequest, spawnRelay, tunnelHost } from '../helpers/relay.ts';
import { slowUpload } from '../helpers/slow-upload.ts';
import { waitUntil } from '../helpers/wait.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A local app behind the tunnel that records what reached it; `/slow` never answers. */
async function startApp() {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      if (req.url === '/slow') return;
      res.writeHead(201, { 'content-type': 'application/json', 'x-app': 'yes' });
      res.end(JSON.stringify({ got: req.url, bytes: Buffer.concat(chunks).length }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  return { seen, port: (server.address() as { port: number }).port };
}

/** The stock localtunnel client, unchanged, with the error listener it needs to not crash us. */
async function stockClient(appPort: number, host: string, subdomain?: string) {
  const tunnel = await localtunnel({ port: appPort, host, ...(subdomain ? { subdomain } : {}) });
  tunnel.on('error', () => {});
  onTestFinished(() => tunnel.close());
  return tunnel as typeof tunnel & { clientId: string };
}

const register = (port: number, path: string, from?: string) =>
  relayRequest(port, { host: `127.0.0.1:${port}`, path, headers: from ? { 'x-forwarded-for': from } : {} });

describe('hooktray relay (localtunnel protocol)', () => {
  it('lets the stock localtunnel client register, connect its sockets and carry requests both ways', async () => {
    const relay = await spawnRelay();
    const app = await startApp();
    const tunnel = await stockClient(app.port, relay.host, 'shop-one');
    expect(tunnel.clientId).toBe('shop-one');
    expect(tunnel.url).toBe(`http://shop-one.localhost:${relay.port}`);
    await waitUntil(async () => JSON.parse((await register(relay.port, '/api/tunnels/shop-one/status')).body).connected_sockets === 10, 'ten sockets');

    const body = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 256));
    const answer = await relayRequest(relay.port, {
      host: tunnelHost('shop-one', relay.port),
      method: 'POST',
      path: '/h/shopify/abc?x=1',
      body,
      headers: { 'content-type': 'application/octet-stream', 'x-custom': 'kept' },
    });
    expect(answer.status).toBe(201);
    expect(answer.headers['x-app']).toBe('yes');
    expect(JSON.parse(answer.body)).toEqual({ got: '/h/shopify/abc?x=1', bytes: body.length });
    const seen = app.seen.at(-1)!;
    expect(seen.body.equals(body)).toBe(true); // binary body byte-exact
    expect(seen.headers['x-custom']).toBe('kept');
    expect(seen.headers.host).toBe(tunnelHost('shop-one', relay.port));
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');

    // Keep-alive sockets are reused: many requests, all answered, sockets stay bounded.
    const many = await Promise.all(
      Array.from({ length: 60 }, (_, i) => relayRequest(relay.port, { host: tunnelHost('shop-one', relay.port), path: `/n/${i}` })),
    );
    expect(many.every((a) => a.status === 201)).toBe(true);
    expect(JSON.parse((await register(relay.port, '/api/status')).body)).toEqual({ tunnels: 1 });
  });

  it('answers the registration JSON the client expects, and refuses bad names with a message', async () => {
    const relay = await spawnRelay();
    const fresh = JSON.parse((await register(relay.port, '/?new')).body);
    expect(fresh).toEqual({
      id: expect.stringMatching(/^[a-z][a-z0-9]{11}$/),
      port: expect.any(Number),
      max_conn_count: 10,
      url: `http://${fresh.id}.localhost:${relay.port}`,
    });
    const named = await register(relay.port, '/my-shop');
    expect(JSON.parse(named.body)).toMatchObject({ id: 'my-shop' });
    const bad = await register(relay.port, '/No_Good');
    expect(bad.status).toBe(403);
    expect(JSON.parse(bad.body).message).toContain('4 to 63 lowercase letters');
    expect((await register(relay.port, '/api/tunnels/nobody/status')).status).toBe(404);
    // The TLS proxy's on-demand certificate check: yes for the domain and names in use only.
    const canIssue = async (domain: string) => (await register(relay.port, `/api/can-issue?domain=${domain}`)).status;
    expect([await canIssue('localhost'), await canIssue('my-shop.localhost'), await canIssue('nobody-yet.localhost'), await canIssue('example.com')]).toEqual([
      200, 200, 404, 404,
    ]);
  });

  it('routes by Host: unknown name → 404 with a clear body, no Host → 400', async () => {
    const relay = await spawnRelay();
    const unknown = await relayRequest(relay.port, { host: tunnelHost('nobody-here', relay.port) });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).message).toContain('No tunnel named "nobody-here"');
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(relay.port, '127.0.0.1', () => socket.write('GET / HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('no Host header');
  });

  it('answers 504 with a clear body when the client does not answer in time, and keeps working after', async () => {
    const relay = await spawnRelay(['--timeout', '1']);
    const app = await startApp();
    await stockClient(app.port, relay.host, 'slow-shop');
    const slow = await relayRequest(relay.port, { host: tunnelHost('slow-shop', relay.port), path: '/slow' });
    expect(slow.status).toBe(504);
    expect(JSON.parse(slow.body).message).toContain('did not answer within 1 s');
    expect((await relayRequest(relay.port, { host: tunnelHost('slow-shop', relay.port), path: '/fine' })).status).toBe(201);
  });

  it('bounds body size (413) and sockets per client', async () => {
    const relay = await spawnRelay(['--max-body-mb', '1', '--max-sockets', '3']);
    const app = await startApp();
    await stockClient(app.port, relay.host, 'big-body');
    const big = await relayRequest(relay.port, { host: tunnelHost('big-body', relay.port), method: 'POST', path: '/big', body: Buffer.alloc(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    expect(app.seen.some((s) => s.url === '/big')).toBe(false);
    // Without Content-Length the limit is enforced while streaming.
    // Either way the sender reads the answer rather than a reset: the relay drops the rest of the body.
    const streamed = await relayRequest(relay.port, {
      host: tunnelHost('big-body', relay.port),
      method: 'POST',
      path: '/big-stream',
      body: Buffer.alloc(3 * 1024 * 1024),
      chunked: true,
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).message).toContain('larger than');
    expect(app.seen.some((s) => s.url === '/big-stream' && s.body.length > 1024 * 1024)).toBe(false);
    // Extra raw sockets to the tunnel port are refused beyond --max-sockets.
    const { port } = JSON.parse((await register(relay.port, '/extra-socks')).body) as { port: number };
    let closed = 0;
    const sockets = Array.from({ length: 6 }, () =>
      connect(port, '127.0.0.1')
        .on('error', () => {})
        .on('close', () => closed++),
    );
    onTestFinished(() => sockets.forEach((s) => s.destroy()));
    // The relay closes each socket beyond the limit as it arrives, and keeps the others.
    await waitUntil(() => closed === 3, 'the relay to close the three sockets beyond --max-sockets');
    expect(JSON.parse((await register(relay.port, '/api/tunnels/extra-socks/status')).body).connected_sockets).toBe(3);
    expect(closed).toBe(3);
  });

  it('answers a refusal to a sender still writing, which reads it instead of a reset', async () => {
    const relay = await spawnRelay(['--max-body-mb', '1']);
    const app = await startApp();
    await stockClient(app.port, relay.host, 'early');
    const cases = [
      { what: 'declared too large', name: 'early', chunked: false, status: 413 },
      { what: 'found too large while streaming', name: 'early', chunked: true, status: 413 },
      { what: 'a name nobody holds', name: 'nobody-here', chunked: false, status: 404 },
    ];
    for (const { what, name, chunked, status } of cases) {
      for (let round = 0; round < 8; round++) {
        const outcome = await slowUpload(relay.port, { host: tunnelHost(name, relay.port), path: '/h/upload', bytes: 2 * 1024 * 1024, chunked });
        const seen = 'status' in outcome ? { status: outcome.status, said: typeof (JSON.parse(outcome.body) as { message?: unknown }).message } : outcome;
        expect({ what, round, ...seen }).toEqual({ what, round, status, said: 'string' });
      }
    }
    expect(app.seen.some((s) => s.url === '/h/upload')).toBe(false);
  });

  it('reads the answer to an oversize upload, and cuts off a sender that goes on sending far beyond it', async () => {
    const relay = await spawnRelay(['--max-body-mb', '1']);
    const app = await startApp();
    await stockClient(app.port, relay.host, 'endless');
    const socket = connect(relay.port, '127.0.0.1');
    onTestFinished(() => void socket.destroy());
    let answer = '';
    let closed = false;
    socket
      .on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')))
      .on('error', () => {})
      .on('close', () => (closed = true));
    socket.write(`POST /h/endless HTTP/1.1\r\nHost: ${tunnelHost('endless', relay.port)}\r\nContent-Length: ${1024 ** 3}\r\n\r\n`);
    // Keep writing, as a hostile sender would, until the relay hangs up (or 64 MB, far past its drain limit).
    const chunk = Buffer.alloc(256 * 1024);
    for (let sent = 0; !closed && sent < 64 * 1024 * 1024; sent += chunk.length) {
      if (!socket.write(chunk))
        await new Promise((resolve) => {
          socket.once('drain', resolve);
          socket.once('close', resolve);
        });
    }
    await waitUntil(() => closed, 'the relay to hang up on the endless sender');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(app.seen.some((s) => s.url === '/h/endless')).toBe(false);
    // The relay goes on serving others.
    expect((await relayRequest(relay.port, { host: tunnelHost('endless', relay.port), path: '/after' })).status).toBe(201);
  });

  it('with --secret, refuses registrations without it (Hooktray with it: relay-socket-proof.test.ts)', async () => {
    const secret = 'test-relay-secret-0123456789';
    const relay = await spawnRelay([], { secret });
    for (const path of ['/?new', '/my-shop', '/wrong-secret-000000000000/my-shop']) {
      const refused = await relayRequest(relay.port, { host: `127.0.0.1:${relay.port}`, path, headers: { 'x-hooktray-tunnel': '1' } });
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body).message).toContain('needs its secret');
    }
    const hooktray = await relayRequest(relay.port, { host: `127.0.0.1:${relay.port}`, path: `/${secret}/secret-shop`, headers: { 'x-hooktray-tunnel': '1' } });
    expect(JSON.parse(hooktray.body)).toMatchObject({
      id: 'secret-shop',
      socket_key: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      client_address: '127.0.0.1',
    });
  });

  it('with --allow, hands out only the listed names', async () => {
    const relay = await spawnRelay(['--allow', 'shop-a,shop-b']);
    expect((await register(relay.port, '/shop-a')).status).toBe(200);
    expect((await register(relay.port, '/shop-c')).status).toBe(403);
    expect((await register(relay.port, '/?new')).status).toBe(403);
  });

  it('keeps a name for its owner through a reconnect; others get a random name until the grace ends', async () => {
    const relay = await spawnRelay(['--grace', '2']);
    const owner = '203.0.113.5';
    const stranger = '198.51.100.7';
    expect(JSON.parse((await register(relay.port, '/kept-name', owner)).body).id).toBe('kept-name');
    const other = JSON.parse((await register(relay.port, '/kept-name', stranger)).body).id as string;
    expect(other).not.toBe('kept-name');
    const back = JSON.parse((await register(relay.port, '/kept-name', owner)).body) as { id: string };
    expect(back.id).toBe('kept-name');
    // Nobody connects: after the grace the name is free for anyone.
    await waitUntil(async () => (await register(relay.port, '/api/tunnels/kept-name/status')).status === 404, 'the name to be freed', 6000, 100);
    expect(JSON.parse((await register(relay.port, '/kept-name', stranger)).body).id).toBe('kept-name');
  });

  it('explains every flag in --help', async () => {
    const { readFileSync } = await import('node:fs');
    const { spawnCli } = await import('../helpers/cli.ts');
    const source = readFileSync(new URL('../../electron/cli/relay.ts', import.meta.url), 'utf8');
    const flags = [...source.matchAll(/^\s+'?([a-z-]+)'?: \{ type: '(?:string|boolean)'/gm)].map((m) => m[1]!);
    expect(flags).toEqual(
      expect.arrayContaining(['data-dir', 'keep-max-count', 'keep-max-mb', 'keep-days', 'forget-after', 'tls-cert', 'tls-key', 'require-tls', 'body-timeout']),
    );
    const cli = spawnCli(['relay', '--help']);
    expect((await cli.exited).code).toBe(0);
    const help = cli.lines.map((l) => String(l.text ?? JSON.stringify(l))).join('\n');
    for (const flag of flags) expect(help, `--${flag} in --help`).toMatch(new RegExp(`--${flag}\\b`));
  });

  it('refuses bad flags with a message naming the flag', async () => {
    const { spawnCli } = await import('../helpers/cli.ts');
    const cli = spawnCli(['relay', '--secret', 'short']);
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr.join('\n')).toContain('--secret must be at least 16 characters');
    const strict = spawnCli(['relay', '--require-tls']);
    expect((await strict.exited).code).toBe(2);
    expect(strict.stderr.join('\n')).toContain('--require-tls needs --tls-cert and --tls-key');
    const missing = spawnCli(['relay', '--tls-cert', '/nonexistent/cert.pem', '--tls-key', '/nonexistent/key.pem']);
    expect((await missing.exited).code).toBe(2);
    expect(missing.stderr.join('\n')).toContain('--tls-cert: cannot read /nonexistent/cert.pem (ENOENT)');
  });
});
