import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { spawnServe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Opens a raw connection and starts a POST that promises 100,000 bytes. `Expect: 100-continue`
 * makes the server say when it holds the request, so the stop below surely meets a request in
 * flight (not an idle connection); then one byte of the body is sent and no more.
 */
async function stalledUpload(url: URL, headers: Record<string, string> = {}): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect(Number(url.port), url.hostname);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  const head = [
    `POST ${url.pathname} HTTP/1.1`,
    `Host: ${url.host}`,
    'Content-Type: application/json',
    'Content-Length: 100000',
    'Expect: 100-continue',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    socket.on('data', function onData(chunk: Buffer) {
      seen += chunk.toString('latin1');
      if (!seen.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (seen.startsWith('HTTP/1.1 100')) resolve();
      else reject(new Error(`expected 100 Continue, got ${seen.split('\r\n')[0]}`));
    });
  });
  socket.write('{');
  return { socket, closed };
}

describe('hooktray serve stopping with a sender that never finishes its body', () => {
  it('exits after SIGTERM although a webhook upload and a dashboard upload are stalled, closing both connections', async () => {
    const serve = await spawnServe(tempDir());
    const dashboard = new URL(serve.ready.dashboard!);
    const token = new URLSearchParams(dashboard.hash.slice(1)).get('token')!;
    const webhook = await stalledUpload(new URL(serve.ready.webhooks.mailchimp!));
    const api = await stalledUpload(new URL('/api/settings.get', dashboard), { authorization: `Bearer ${token}` });

    serve.child.kill('SIGTERM');
    // A liveness bound, not a timing check: before the fix it was still running after minutes.
    const exited = await Promise.race([serve.exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 20_000).unref())]);
    expect(exited).toEqual({ code: 0, signal: null });
    expect(serve.lines.at(-1)).toEqual({ event: 'stopped' });
    await Promise.all([webhook.closed, api.closed]);
    webhook.socket.destroy();
    api.socket.destroy();
  });
});
