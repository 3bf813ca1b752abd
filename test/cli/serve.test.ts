import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../electron/engine/recipes/catalog.ts';
import { spawnCli, spawnServe } from '../helpers/cli.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe('hooktray serve', () => {
  it('prints the ready line with a URL per source, runs recipes, prints run lines and stops cleanly on SIGTERM', async () => {
    const smtp = await startSmtp();
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({
        sources: { shopify: { secret: SHOPIFY_SECRET } },
        smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
        recipes: [{ recipe: 'shopify-order-email', enabled: true, settings: { to: ['team@example.com'] } }],
      }),
    );
    const serve = await spawnServe(dataDir);
    expect(serve.lines[0]).toMatchObject({ event: 'ready' });
    expect(Object.keys(serve.ready.webhooks)).toEqual(expect.arrayContaining(['shopify', 'clinchpad']));
    expect(serve.ready.webhooks.shopify).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/h\/shopify\/[A-Za-z0-9_-]{20,}$/);

    const body = JSON.stringify(shopifyOrder(1));
    const res = await fetch(serve.ready.webhooks.shopify!, { method: 'POST', headers: shopifyHeaders(body), body });
    expect(res.status).toBe(200);
    const run = await serve.waitForLine((l) => l.event === 'run', 'a run line');
    expect(run).toMatchObject({ event: 'run', recipeId: 'shopify-order-email', status: 'succeeded', attempts: 1, summary: expect.stringContaining('Order #') });
    expect(smtp.mails).toHaveLength(1);

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    expect(serve.lines.at(-1)).toEqual({ event: 'stopped' });
    await smtp.stop();
  });

  // Two serve processes one after the other: a minute, for a machine busy with other work.
  it('keeps the same webhook URLs across restarts of the same data folder', async () => {
    const dataDir = tempDir();
    const first = await spawnServe(dataDir);
    first.child.kill('SIGTERM');
    await first.exited;
    const second = await spawnServe(dataDir);
    const path = (url: string | undefined) => new URL(url!).pathname;
    expect(path(second.ready.webhooks.shopify)).toBe(path(first.ready.webhooks.shopify));
    second.child.kill('SIGTERM');
    await second.exited;
  }, 60_000);

  it('refuses bad settings with a message that names the field, and exits 2', async () => {
    const dataDir = tempDir();
    const config = join(dataDir, 'shop.json');
    writeFileSync(
      config,
      JSON.stringify({
        smtp: { host: 'mail.example.com', port: 'twenty-five', from: 'a@b.c' },
        recipes: [{ recipe: 'shopify-order-email', settings: { to: ['not-an-email'] } }],
      }),
    );
    const cli = spawnCli(['serve', '--data-dir', dataDir, '--config', config, '--port', '0', '--json']);
    const { code } = await cli.exited;
    expect(code).toBe(2);
    const message = cli.stderr.join('\n');
    expect(message).toContain(config);
    expect(message).toContain('smtp.port');
  });

  it('names the recipe field that is wrong', async () => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ recipes: [{ recipe: 'shopify-order-email', settings: { to: ['not-an-email'] } }, { recipe: 'no-such-recipe' }] }),
    );
    const cli = spawnCli(['serve', '--data-dir', dataDir, '--port', '0']);
    expect((await cli.exited).code).toBe(2);
    const message = cli.stderr.join('\n');
    expect(message).toContain('recipes[0].settings.to[0]: must be an email address');
    expect(message).toContain('recipes[1].recipe: unknown recipe "no-such-recipe"');
    // Every recipe there is, so the owner can pick the right one.
    const known = /unknown recipe "no-such-recipe"; known recipes: (.*)$/m.exec(message)?.[1]?.split(', ');
    expect(known?.sort()).toEqual(CATALOG.map((r) => r.id).sort());
  });

  it('refuses a settings file that is not JSON instead of silently starting empty', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), '{ "sources": ');
    const cli = spawnCli(['serve', '--data-dir', dataDir, '--port', '0']);
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr.join('\n')).toContain('is not valid JSON');
  });

  it('rejects an unknown option with usage help', async () => {
    const cli = spawnCli(['serve', '--prot', '80']);
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr.join('\n')).toContain("Unknown option '--prot'");
  });
});
