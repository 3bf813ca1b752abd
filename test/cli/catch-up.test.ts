import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CatchUpReport } from '../../shared/catchup.ts';
import { reportText } from '../../electron/cli/catch-up-run.ts';
import { spawnCli } from '../helpers/cli.ts';
import { startShopifyAdmin } from '../helpers/platform-apis/shopify-admin.ts';
import { SHOPIFY_SECRET } from '../helpers/shopify.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe('hooktray catch-up', () => {
  // Three processes that each start the engine: 90 s, for a machine busy with other work.
  it('--dry-run prints what it found and would run, and stores nothing; a real run stores and runs it', async () => {
    const api = await startShopifyAdmin({
      token: 'shpat_cli',
      orders: [{ id: 42, name: '#1042', email: 'ann@example.com', createdAt: new Date(Date.now() - 60_000).toISOString(), total: '12.00' }],
    });
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({
        sources: { shopify: { secret: SHOPIFY_SECRET, api: { shop: 'demo.myshopify.com', accessToken: 'shpat_cli', apiBaseUrl: api.baseUrl } } },
        paused: true,
        recipes: [{ recipe: 'shopify-order-email', settings: { to: ['t@example.com'] } }],
      }),
    );
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const dry = spawnCli(['catch-up', '--data-dir', dataDir, '--since', since, '--dry-run', '--json']);
    expect((await dry.exited).code).toBe(0);
    expect(dry.lines.find((l) => l.source === 'shopify')).toMatchObject({
      event: 'catch-up',
      fetched: 1,
      fresh: 1,
      runs: 0,
      plan: [{ summary: 'Order #1042 from Jane Doe, 12.00 EUR', recipes: ['shopify-order-email'] }],
    });
    // In words too: which recipe each event found would run.
    const [report] = dry.lines.filter((l) => l.source === 'shopify') as unknown as CatchUpReport[];
    expect(reportText(report!, true).split('\n')).toContain('  - Order #1042 from Jane Doe, 12.00 EUR → shopify-order-email');

    const real = spawnCli(['catch-up', '--data-dir', dataDir, '--since', since]);
    expect((await real.exited).code).toBe(0);
    expect(real.lines.map((l) => l.text).join('\n')).toContain('shopify: 1 fetched since');
    expect(real.lines.map((l) => l.text).join('\n')).toContain('1 recipe run queued');
    // Caught up once: a second run finds nothing new.
    const again = spawnCli(['catch-up', '--data-dir', dataDir, '--since', since, '--json']);
    expect((await again.exited).code).toBe(0);
    expect(again.lines.find((l) => l.source === 'shopify')).toMatchObject({ fresh: 0 });
  }, 90_000);

  it('refuses a malformed --since with a clear message', async () => {
    const cli = spawnCli(['catch-up', '--data-dir', tempDir(), '--since', 'yesterday']);
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr.join('\n')).toContain('--since must be an ISO time');
  });
});
