import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { EngineStatus } from '../../shared/contract.ts';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { SHOPIFY_SECRET } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { dashboardApi } from '../helpers/dashboard-api.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });

describe.skipIf(browser.skip)('testing a recipe being edited, in real Chromium', () => {
  beforeAll(browser.check);
  it('a test of a changed address mails the new address, and Cancel leaves the saved recipe and the settings file as they were', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const dataDir = tempDir();
    const settingsFile = join(dataDir, 'settings.json');
    writeFileSync(
      settingsFile,
      JSON.stringify({
        sources: { shopify: { secret: SHOPIFY_SECRET } },
        smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' },
        recipes: [{ recipe: 'shopify-order-email', settings: { to: ['old@example.com'] } }],
      }),
    );
    const serve = await spawnServe(dataDir);
    const saved = readFileSync(settingsFile);
    const dashboard = serve.ready.dashboard!;
    const api = dashboardApi(dashboard);
    const status = () => api<EngineStatus>('status.get');

    const { page, errors } = await launchChromium();
    await page.goto(dashboard);
    await page.getByRole('link', { name: 'Recipes' }).click();
    await page.getByRole('button', { name: 'Change' }).click();
    const sendTo = page.getByLabel('Send to');
    expect(await sendTo.inputValue()).toBe('old@example.com');
    await sendTo.fill('new@example.com');
    await page.getByTestId('send-test').click();
    const result = page.getByTestId('test-result');
    await result.getByText('It worked').waitFor();
    const said = await result.textContent();
    // The test ran the form as edited: the new address got it.
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['new@example.com']);
    await page.screenshot({ path: join(SCREENSHOTS, '31-wizard-draft-test.png'), fullPage: true });

    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Change' }).click();
    expect(await page.getByLabel('Send to').inputValue()).toBe('old@example.com');
    expect(readFileSync(settingsFile).equals(saved)).toBe(true);
    expect((await status()).recipes.map((r) => r.settings)).toEqual([{ to: ['old@example.com'] }]);
    // The same after a reload: nothing of the edit was kept anywhere.
    await page.reload();
    await page.getByRole('button', { name: 'Change' }).click();
    expect(await page.getByLabel('Send to').inputValue()).toBe('old@example.com');
    expect(smtp.mails.map((m) => m.to)).toEqual([['new@example.com']]);
    // And the wizard said so, next to the result.
    expect(said).toContain('Nothing is saved yet: press Save to keep these settings, or Cancel to keep the ones you had.');
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
    serve.child.kill('SIGTERM');
    await serve.exited;
  }, 60_000);
});
