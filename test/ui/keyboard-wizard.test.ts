import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { SHOPIFY_SECRET } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });

/** What has the keyboard focus: its role-ish tag and its accessible text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as (HTMLElement & { labels?: NodeListOf<HTMLLabelElement> }) | null;
    const label = el?.labels?.[0]?.textContent;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      type: el?.getAttribute('type') ?? '',
      text: (el?.getAttribute('aria-label') ?? label ?? el?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      outline: el ? getComputedStyle(el).outlineStyle : '',
    };
  });

/** Presses Tab until the focused element's text starts with `text` (at most `max` presses), as a keyboard user would. */
async function tabTo(page: Page, text: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.text.startsWith(text)) {
      // Where the keyboard is must be visible.
      expect(now.outline, `focus ring on "${text}"`).not.toBe('none');
      return;
    }
  }
  throw new Error(`"${text}" cannot be reached with Tab (last focused: ${JSON.stringify(await focused(page))})`);
}

describe.skipIf(browser.skip)('the recipe wizard with the keyboard only', () => {
  beforeAll(browser.check);
  it('picks a recipe, fills it in, sends a test and turns it on with Tab, Enter and Space', async () => {
    const smtp = await startSmtp();
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ sources: { shopify: { secret: SHOPIFY_SECRET } }, smtp: { host: '127.0.0.1', port: smtp.port, from: 'Shop <shop@example.com>' } }),
    );
    const serve = await spawnServe(dataDir);
    const { page, errors } = await launchChromium();
    await page.goto(serve.ready.dashboard!);
    await page.getByRole('heading', { name: 'Everything at a glance' }).waitFor();

    await tabTo(page, 'Recipes');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Pick a recipe' }).waitFor();
    await tabTo(page, 'New Shopify order → email the team');
    await page.keyboard.press('Enter');

    // The wizard opens with the keyboard in its first field.
    await page.getByRole('region', { name: 'New Shopify order → email the team' }).waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'input', text: expect.stringContaining('Send to') });
    await page.keyboard.type('team@example.com');
    await tabTo(page, 'Send test event');
    await page.keyboard.press('Enter');
    await page.getByTestId('test-result').getByText('It worked').waitFor();
    await smtp.waitFor(1);

    await tabTo(page, 'Turn on');
    await page.keyboard.press('Space');
    // Back on the list, with the keyboard there, and the recipe on.
    await page.getByTestId('toggle-shopify-order-email').waitFor();
    expect(await page.getByTestId('toggle-shopify-order-email').isChecked()).toBe(true);
    expect(await focused(page)).toMatchObject({ tag: 'h2', text: 'Your recipes' });

    // Switch it off again from the keyboard: Space on its checkbox (the first control named so).
    await tabTo(page, 'New Shopify order → email the team');
    expect(await focused(page)).toMatchObject({ tag: 'input', type: 'checkbox' });
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('toggle-shopify-order-email').isChecked()).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, '8-keyboard-wizard.png'), fullPage: true });

    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
    serve.child.kill('SIGTERM');
    await serve.exited;
    await smtp.stop();
  }, 60_000);
});
