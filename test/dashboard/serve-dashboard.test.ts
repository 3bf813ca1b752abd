import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli, spawnServe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe('hooktray serve and its dashboard', () => {
  it('starts the dashboard by default and prints its address with the token in the ready line', async () => {
    const serve = await spawnServe(tempDir(), ['--dashboard-port', '0']);
    const dashboard = serve.ready.dashboard!;
    const url = new URL(dashboard);
    expect(url.hostname).toBe('127.0.0.1');
    const token = url.hash.replace('#token=', '');
    expect(token).toMatch(/^[\w-]{32}$/);
    const status = await fetch(`${url.origin}/api/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(await status.json()).toMatchObject({ webhooks: { shopify: serve.ready.webhooks.shopify } });
    const page = await fetch(`${url.origin}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
  });

  it('runs without it on --no-dashboard, and refuses a bad --dashboard-port with what to do', async () => {
    const serve = await spawnServe(tempDir(), ['--no-dashboard']);
    expect(serve.ready).not.toHaveProperty('dashboard');
    serve.child.kill('SIGTERM');
    await serve.exited;

    const bad = spawnCli(['serve', '--data-dir', tempDir(), '--port', '0', '--tunnel', 'none', '--dashboard-port', 'abc']);
    expect((await bad.exited).code).toBe(2);
    expect(bad.stderr.join('\n')).toContain('--dashboard-port');
  });

  it('keeps a log file in the data folder and shows where it is, as the dashboard cannot open folders', async () => {
    const dataDir = tempDir();
    const serve = await spawnServe(dataDir, ['--dashboard-port', '0']);
    const url = new URL(serve.ready.dashboard!);
    const call = async (op: string) => {
      const res = await fetch(`${url.origin}/api/${op}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${url.hash.replace('#token=', '')}`, 'content-type': 'application/json' },
        body: '{}',
      });
      return (await res.json()) as Record<string, unknown>;
    };
    const logFile = join(dataDir, 'logs', 'hooktray.log');
    expect(await call('settings.get')).toMatchObject({ computer: { logFile } });
    expect(await call('app.openLogFolder')).toEqual({ opened: false, folder: join(dataDir, 'logs') });
    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
    // The stop is logged to the file as to stderr, one JSON object per line.
    const lines = readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toContain('stopping');
  });
});
