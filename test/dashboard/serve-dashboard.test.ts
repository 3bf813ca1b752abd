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
});
