import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { spawnServe } from '../helpers/cli.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp, startStallingSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';

function writeSettings(dataDir: string, smtpPort: number): void {
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      smtp: { host: '127.0.0.1', port: smtpPort, from: 'Shop <shop@example.com>' },
      recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
    }),
  );
}

describe('hooktray serve stopping with an email in flight', () => {
  it('exits within seconds on SIGTERM, puts the run back, and sends the email after a restart', async () => {
    const stalling = await startStallingSmtp();
    const dataDir = tempDir();
    writeSettings(dataDir, stalling.port);
    const serve = await spawnServe(dataDir);
    const body = JSON.stringify(shopifyOrder(1));
    const res = await fetch(serve.ready.webhooks.shopify!, { method: 'POST', headers: shopifyHeaders(body), body });
    expect(res.status).toBe(200);
    await waitUntil(() => stalling.state.dataStarted === 1, 'the email body reaching the stalling server');

    // The mail server never answers, so exiting at all (within the test's time, not after the
    // 60 s socket timeout) with the run queued and no attempt counted is the stop aborting it.
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    expect(serve.lines.at(-1)).toEqual({ event: 'stopped' });

    const db = new DatabaseSync(join(dataDir, 'hooktray.db'), { readOnly: true });
    const runs = db.prepare('SELECT status, attempts FROM runs').all();
    db.close();
    expect(runs).toEqual([{ status: 'queued', attempts: 0 }]);
    await stalling.stop();

    const healthy = await startSmtp();
    writeSettings(dataDir, healthy.port);
    const again = await spawnServe(dataDir);
    const [mail] = await healthy.waitFor(1);
    expect(mail!.subject).toContain('#1001');
    await again.waitForLine((l) => l.event === 'run' && l.status === 'succeeded', 'the run succeeding after the restart');
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
    expect(healthy.mails).toHaveLength(1);
    await healthy.stop();
    // Two serve processes and a 5 s stop grace: a minute, for a machine busy with other work.
  }, 60_000);
});
