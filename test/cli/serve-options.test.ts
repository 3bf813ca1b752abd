import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli, spawnServe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe('hooktray serve flags', () => {
  it('refuses an empty --port instead of taking it as 0 (a random port), and other non-numbers', async () => {
    for (const [value, message] of [
      ['', '--port needs a number from 0 to 65535 (0 picks a free port), but it was given an empty value.'],
      [' ', '--port needs a number'],
      ['0x50', '--port must be a number from 0 to 65535, got "0x50".'],
      ['1e3', '--port must be a number from 0 to 65535, got "1e3".'],
      ['70000', '--port must be a number from 0 to 65535, got "70000".'],
    ] as const) {
      const cli = spawnCli(['serve', '--data-dir', tempDir(), '--port', value, '--tunnel', 'none']);
      expect((await cli.exited).code, `--port "${value}": ${cli.stderr.join('\n')}`).toBe(2);
      expect(cli.stderr.join('\n')).toContain(message);
      expect(cli.lines.some((l) => l.event === 'ready')).toBe(false);
    }
    const emptyDashboard = spawnCli(['serve', '--data-dir', tempDir(), '--port', '0', '--dashboard-port', '', '--tunnel', 'none']);
    expect((await emptyDashboard.exited).code).toBe(2);
    expect(emptyDashboard.stderr.join('\n')).toContain('--dashboard-port needs a number');
    const emptyHost = spawnCli(['serve', '--data-dir', tempDir(), '--port', '0', '--host', '', '--tunnel', 'none']);
    expect((await emptyHost.exited).code).toBe(2);
    expect(emptyHost.stderr.join('\n')).toContain('--host needs an address');
  });
});

describe('the settings file given with --config', () => {
  it('keeps only what the owner wrote plus what the dashboard changed, in the owner’s key order', async () => {
    const dataDir = tempDir();
    const config = join(dataDir, 'shop.json');
    const owner = {
      recipes: [{ recipe: 'shopify-order-email', enabled: true, settings: { to: ['team@example.com'] } }],
      sources: { shopify: { secret: 'shpss_owner_secret' } },
      smtp: { host: '127.0.0.1', port: 2525, from: 'Shop <shop@example.com>' },
    };
    writeFileSync(config, `${JSON.stringify(owner, null, 2)}\n`);
    const serve = await spawnServe(dataDir, ['--config', config]);
    const url = new URL(serve.ready.dashboard!);
    const call = async (operation: string, args: unknown) => {
      const res = await fetch(`${url.origin}/api/${operation}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${url.hash.replace('#token=', '')}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      expect(res.status, operation).toBe(200);
    };
    await call('recipes.setEnabled', { id: 'shopify-order-email', enabled: false });
    await call('engine.setPaused', { paused: true });

    const text = readFileSync(config, 'utf8');
    const written = JSON.parse(text) as Record<string, unknown>;
    expect(written).toEqual({ ...owner, recipes: [{ ...owner.recipes[0], enabled: false }], paused: true });
    expect(Object.keys(written)).toEqual(['recipes', 'sources', 'smtp', 'paused']);
    // None of the defaults the engine runs with (runner, server, tunnel, smtp.secure) were written.
    expect(text).not.toMatch(/runner|bodyLimit|localtunnel|secure/);
    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
  });
});
