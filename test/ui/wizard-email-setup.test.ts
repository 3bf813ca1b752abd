import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { seriousViolations } from '../helpers/page-checks.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });

describe.skipIf(browser.skip)('an email recipe without a mail server, in real Chromium', () => {
  beforeAll(browser.check);

  it('says so at the first step, goes to Settings → Email, comes back with what was typed, and is told field by field', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const serve = await spawnServe(tempDir());
    onTestFinished(async () => {
      serve.child.kill('SIGTERM');
      await serve.exited;
    });
    const { page, errors } = await launchChromium();
    await page.goto(serve.ready.dashboard!);
    await page.getByRole('link', { name: 'Recipes' }).click();
    await page.getByTestId('recipe-shopify-order-email').click();

    // The step indicator says where the owner is.
    const steps = page.getByRole('list', { name: 'Steps' }).getByRole('listitem');
    expect(await steps.nth(0).getAttribute('aria-current')).toBe('step');
    expect(await steps.nth(1).getAttribute('aria-current')).toBeNull();

    // A refused address: aria-invalid, its message tied to the field, the field named by its label alone.
    const to = page.getByLabel('Send to (required)', { exact: true });
    await to.fill('team@berg-bakery.example, not-an-address');
    await page.getByTestId('send-test').click();
    const issue = page.getByTestId('issue-to');
    await issue.waitFor();
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    expect((await to.getAttribute('aria-describedby'))?.split(' ')).toContain('issue-to');
    expect(await issue.textContent()).toMatch(/^The second address under Send to: must be an email address/);

    // No mail server yet: said here, with the way to set it up.
    const needs = page.getByTestId('needs-mail-server');
    await needs.getByText('This recipe sends email, and Hooktray has no mail server').waitFor();
    await to.fill('team@berg-bakery.example');
    await page.screenshot({ path: join(SCREENSHOTS, 'wizard-needs-mail-server.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await needs.getByRole('link', { name: 'Set up email in Settings' }).click();

    await page.getByTestId('return-trip').getByText('Set up email below for “New Shopify order → email the team”').waitFor();
    await page.getByTestId('smtp-manual').click();
    await page.getByTestId('smtp-host').fill('127.0.0.1');
    await page.getByTestId('smtp-port').fill(String(smtp.port));
    await page.getByTestId('smtp-from').fill('Berg Bakery <shop@berg-bakery.example>');
    await page.getByTestId('smtp-save').click();
    await page.getByTestId('smtp-check').getByText('Hooktray reached 127.0.0.1: emails can go out.').waitFor();
    await page.getByRole('button', { name: 'Back to “New Shopify order → email the team”' }).click();

    // Back in the wizard, as it was left; the test now goes through and the recipe can be switched on.
    expect(await page.getByLabel('Send to (required)', { exact: true }).inputValue()).toBe('team@berg-bakery.example');
    expect(await page.getByTestId('needs-mail-server').count()).toBe(0);
    await page.getByTestId('send-test').click();
    await page.getByTestId('test-result').getByText('It worked').waitFor();
    expect(await steps.nth(2).getAttribute('aria-current')).toBe('step');
    await smtp.waitFor(1);
    await page.getByTestId('turn-on').click();
    await page.getByTestId('toggle-shopify-order-email').waitFor();
    expect(await page.getByTestId('toggle-shopify-order-email').isChecked()).toBe(true);

    // Settings now shows Shopify (a recipe listens to it) as a card of its own; the others wait under "Add a platform".
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('form', { name: 'Shopify', exact: true }).waitFor();
    expect(await page.getByTestId('platform-stripe').count()).toBe(0);
    await page.getByRole('group', { name: 'Add a platform' }).getByRole('button', { name: 'Stripe' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'settings-platforms-in-use.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors.filter((e) => !e.includes('favicon') && !e.includes('400'))).toEqual([]);
  }, 90_000);
});
