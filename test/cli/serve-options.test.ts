import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SERVE_FLAGS, serveOptionsFrom } from '../../electron/cli/serve-options.ts';
import { spawnCli, spawnServe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** serve's flags as the command reads them: parseArgs with its flag list, then serveOptionsFrom. */
const serveFlags = (args: string[]) => serveOptionsFrom(parseArgs({ args, options: SERVE_FLAGS, strict: true, allowPositionals: false }).values);

describe('hooktray serve flags', () => {
  it('refuses an empty --port instead of taking it as 0 (a random port), and other non-numbers', () => {
    for (const [value, message] of [
      ['', '--port needs a number from 0 to 65535 (0 picks a free port), but it was given an empty value.'],
      [' ', '--port needs a number from 0 to 65535 (0 picks a free port), but it was given an empty value.'],
      ['0x50', '--port must be a number from 0 to 65535, got "0x50".'],
      ['1e3', '--port must be a number from 0 to 65535, got "1e3".'],
      ['70000', '--port must be a number from 0 to 65535, got "70000".'],
    ] as const) {
      expect(serveFlags(['--port', value]), `--port "${value}"`).toEqual({ error: message });
    }
    expect(serveFlags(['--port', '0', '--dashboard-port', ''])).toEqual({ error: expect.stringMatching(/^--dashboard-port needs a number/) });
    expect(serveFlags(['--port', '0', '--host', ''])).toEqual({ error: expect.stringMatching(/^--host needs an address/) });
    expect(serveFlags(['--tunnel', 'ngrok'])).toEqual({ error: expect.stringMatching(/^--tunnel must be one of /) });
  });

  it('reads what to start from the flags, leaving unset ones to the settings file', () => {
    expect(serveFlags(['--data-dir', '/srv/shop', '--port', '8080', '--host', '0.0.0.0', '--dashboard-port', '9000', '--json', '--tunnel', 'none'])).toEqual({
      dataDir: '/srv/shop',
      settingsPath: '/srv/shop/settings.json',
      host: '0.0.0.0',
      port: 8080,
      dashboardPort: 9000,
      json: true,
      tunnel: { provider: 'none' },
    });
    expect(serveFlags(['--data-dir', '/srv/shop', '--config', '/etc/shop.json', '--no-dashboard'])).toEqual({
      dataDir: '/srv/shop',
      settingsPath: '/etc/shop.json',
      dashboardPort: undefined,
      json: false,
      tunnel: {},
    });
  });

  it('the command stops with exit code 2 and the reason on a bad flag, before it starts anything', async () => {
    const cli = spawnCli(['serve', '--data-dir', tempDir(), '--port', '', '--tunnel', 'none']);
    expect((await cli.exited).code, cli.stderr.join('\n')).toBe(2);
    expect(cli.stderr.join('\n')).toContain('--port needs a number from 0 to 65535');
    expect(cli.lines.some((l) => l.event === 'ready')).toBe(false);
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
