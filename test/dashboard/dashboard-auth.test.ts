import { connect } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it, onTestFinished } from 'vitest';
import { API_NAMES } from '../../shared/api-names.ts';
import { buildDashboardApp } from '../../electron/engine/server/dashboard-app.ts';
import { silentLogger, startEngine } from '../helpers/engine.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const TOKEN = 'dashboard-token-0123456789abcdef';

/** One raw HTTP/1.1 exchange, so the request line is exactly as written (fetch would normalise it). */
function raw(port: number, requestLine: string, headers: Record<string, string> = {}, body = ''): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const lines = [requestLine, `host: 127.0.0.1:${port}`, 'connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    if (body) lines.push('content-type: application/json', `content-length: ${Buffer.byteLength(body)}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    const chunks: Buffer[] = [];
    // An answer that never ends (an event stream handed out without the token) is cut off and judged by its head.
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString();
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), type: /content-type: ([^\r\n]*)/i.exec(text)?.[1] ?? '', text });
    });
  });
}

/** Every other way to spell a path that a router may decode to the same route: %xx for any letter, in either case. */
function spellings(path: string): string[] {
  const out = new Set<string>();
  const letters = [...path].map((ch, i) => ({ ch, i })).filter(({ ch }) => /[a-z.]/i.test(ch));
  for (const { ch, i } of letters) {
    for (const hex of [ch.charCodeAt(0).toString(16), ch.charCodeAt(0).toString(16).toUpperCase()]) out.add(`${path.slice(0, i)}%${hex}${path.slice(i + 1)}`);
  }
  const all = [...path].map((ch) => (/[a-z]/i.test(ch) ? `%${ch.charCodeAt(0).toString(16)}` : ch)).join('');
  out.add(all);
  out.add(path.toUpperCase());
  out.add(`${path}/`);
  out.add(`/.${path}`);
  out.add(`/x/..${path}`);
  out.add(`/${path}`);
  out.add(`${path};x=1`);
  out.add(`${path}?token=${'0'.repeat(TOKEN.length)}`);
  return [...out];
}

async function dashboard() {
  const { engine } = await startEngine({ sources: { shopify: { secret: 'shpss_secret_in_settings' } }, paused: true });
  const staticDir = tempDir();
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Hooktray</title>');
  const app = buildDashboardApp({ api: engine.api, events: engine.events, token: TOKEN, staticDir, logger: silentLogger });
  await app.listen({ host: '127.0.0.1', port: 0 });
  onTestFinished(() => app.close());
  return { engine, port: (app.server.address() as { port: number }).port };
}

describe('the dashboard API without its token', () => {
  it('refuses every operation however its path is spelled, in origin or absolute form; only the page is served', async () => {
    const { port } = await dashboard();
    const leaks: string[] = [];
    const tries: [string, string][] = [];
    for (const path of ['/api/status', '/api/events', ...API_NAMES.map((name) => `/api/${name}`)]) {
      for (const spelled of spellings(path)) {
        const method = path === '/api/status' || path === '/api/events' ? 'GET' : 'POST';
        tries.push([method, spelled], [method, `http://127.0.0.1:${port}${spelled}`], [method, `http://localhost:${port}${spelled}`]);
      }
    }
    for (let i = 0; i < tries.length; i += 25) {
      await Promise.all(
        tries.slice(i, i + 25).map(async ([method, target]) => {
          const res = await raw(port, `${method} ${target} HTTP/1.1`, {}, method === 'POST' ? '{}' : '');
          // A refusal, or the page itself (an odd path falls back to index.html); never an answer of the API.
          const page = res.status === 200 && res.type.startsWith('text/html') && res.text.includes('<title>Hooktray</title>');
          if (!page && res.status < 400) leaks.push(`${method} ${target} → ${res.status} ${res.text.split('\r\n\r\n')[1]?.slice(0, 80)}`);
        }),
      );
    }
    expect(tries.length).toBeGreaterThan(500);
    expect(leaks).toEqual([]);
    // With the token, the same operation is answered: the refusals above are the token check, not a broken route.
    const ok = await raw(port, 'POST /api/settings.get HTTP/1.1', { authorization: `Bearer ${TOKEN}` }, '{}');
    expect(ok.status).toBe(200);
    const encoded = await raw(port, 'GET /%61pi/status HTTP/1.1', { authorization: `Bearer ${TOKEN}` });
    expect(encoded.status).toBe(200);
  });
});

/** An SMTP server that keeps the passwords clients log in with, as one a local process started would. */
async function passwordCatcher() {
  const passwords: string[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, callback) {
      passwords.push(auth.password ?? '');
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as { port: number }).port, passwords };
}

describe('a saved secret goes only where it was saved for', () => {
  it('a changed mail server needs the password typed again, so Send test cannot hand it to another server', async () => {
    const catcher = await passwordCatcher();
    const { engine } = await startEngine({
      smtp: { host: 'smtp.example.com', port: 587, user: 'shop@example.com', password: 'saved-smtp-password', from: 'Shop <shop@example.com>' },
      recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
    });
    const moved = { host: '127.0.0.1', port: catcher.port, secure: false, user: 'shop@example.com', from: 'Shop <shop@example.com>' };
    await expect(engine.api['settings.update']({ smtp: moved })).rejects.toThrow('Type the password again: the server and the port changed');
    await expect(engine.api['settings.update']({ smtp: { ...moved, host: 'smtp.example.com', port: 587, user: 'someone-else' } })).rejects.toThrow(
      /the user name changed/,
    );
    await expect(engine.api['settings.update']({ smtp: { ...moved, host: 'smtp.example.com', port: 587, allowUnencryptedLogin: true } })).rejects.toThrow(
      /login without encryption changed/,
    );
    expect(engine.currentSettings.smtp).toMatchObject({ host: 'smtp.example.com', port: 587, password: 'saved-smtp-password' });
    await engine.api['recipes.sendTest']({ id: 'shopify-order-email' }).catch(() => undefined);
    expect(catcher.passwords).toEqual([]);

    // The same server with other details keeps it; a new server with the password typed again takes it.
    await engine.api['settings.update']({
      smtp: { host: 'SMTP.example.com', port: 587, secure: false, user: 'shop@example.com', from: 'Orders <orders@example.com>' },
    });
    expect(engine.currentSettings.smtp?.password).toBe('saved-smtp-password');
    await engine.api['settings.update']({ smtp: { ...moved, password: 'typed-for-this-server' } });
    expect(engine.currentSettings.smtp).toMatchObject({ host: '127.0.0.1', password: 'typed-for-this-server' });
  });

  it('a changed shop address needs the API secrets typed again (WooCommerce, Shopify)', async () => {
    const { engine } = await startEngine({
      sources: {
        woocommerce: { api: { url: 'https://berg-bakery.example', consumerKey: 'ck_1', consumerSecret: 'cs_saved' } },
        shopify: { api: { shop: 'berg.myshopify.com', accessToken: 'shpat_saved' } },
      },
    });
    await expect(
      engine.api['settings.update']({ api: { woocommerce: { url: 'https://collector.example', consumerKey: 'ck_1', consumerSecret: '' } } }),
    ).rejects.toThrow('Type the consumer secret again: the shop address changed');
    await expect(engine.api['settings.update']({ api: { shopify: { shop: 'collector.example' } } })).rejects.toThrow(
      'Type the admin API access token again: the shop address changed',
    );
    const api = (id: 'woocommerce' | 'shopify') => (engine.currentSettings.sources[id] as { api: Record<string, string> }).api;
    expect(api('woocommerce')).toMatchObject({ url: 'https://berg-bakery.example', consumerSecret: 'cs_saved' });
    expect(api('shopify')).toMatchObject({ shop: 'berg.myshopify.com' });
    await engine.api['settings.update']({ api: { woocommerce: { url: 'https://new-shop.example', consumerKey: 'ck_2', consumerSecret: 'cs_new' } } });
    expect(api('woocommerce')).toMatchObject({ url: 'https://new-shop.example', consumerSecret: 'cs_new' });
  });
});
