import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { relaySignature } from '../../electron/engine/tunnel/relay-signature.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { dashboardApi } from '../helpers/dashboard-api.ts';
import { SECRETS, stripeSignature } from '../helpers/platforms.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });
const NAME_KEY = 'N'.repeat(20) + 'ui-relay-name-key-00000';

describe.skipIf(browser.skip)('Activity → Refused while this computer was away, in real Chromium', () => {
  beforeAll(browser.check);
  it('lists a refused delivery the relay kept, and Accept again runs it once the signing secret is fixed', async () => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({
        sources: { stripe: { secret: 'whsec_the_old_one' } },
        recipes: [{ recipe: 'stripe-payment-email', settings: { to: ['team@example.com'] } }],
        paused: true,
        tunnel: { provider: 'none', host: 'https://relay.example.com', nameKeys: { 'https://relay.example.com/my-shop': NAME_KEY } },
      }),
    );
    const serve = await spawnServe(dataDir);
    // As our relay hands over a payment it kept on Saturday, signed by Stripe with the new secret.
    const keptAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const body = JSON.stringify({
      id: 'evt_ui_1',
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.parse(keptAt) / 1000),
      data: { object: { id: 'pi_ui_1', object: 'payment_intent', amount: 4990, currency: 'eur', receipt_email: 'kim@example.com' } },
    });
    const url = serve.ready.webhooks.stripe!;
    const handOver = (payload: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': stripeSignature(payload, SECRETS.stripe, Math.floor(Date.parse(keptAt) / 1000)),
          'x-hooktray-relayed-at': keptAt,
          'x-hooktray-relay-signature': relaySignature(NAME_KEY, keptAt, 'POST', new URL(url).pathname, Buffer.from(payload)),
        },
        body: payload,
      });
    expect((await handOver(body)).status).toBe(401);

    const { page, errors } = await launchChromium();
    await page.goto(serve.ready.dashboard!.replace('#token=', '#/activity&token='));
    const section = page.getByRole('region', { name: 'Refused while this computer was away' });
    await section.waitFor();
    expect(await section.textContent()).toContain('Stripe signature did not match');
    await page.screenshot({ path: join(SCREENSHOTS, '12-activity-refused-relayed.png'), fullPage: true });
    // One more handed over while the window is open joins the list without a reload.
    expect((await handOver(body.replaceAll('_ui_1', '_ui_2'))).status).toBe(401);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="refused-relayed"] li').length === 2);

    // Still the old secret: it stays, and says why.
    await section.getByRole('button', { name: 'Accept again' }).first().click();
    await section.getByText(/^Still refused: Stripe signature did not match/).waitFor();

    // The owner pastes the new secret (Settings → Platforms does the same call), then accepts it again.
    const api = dashboardApi(serve.ready.dashboard!);
    await api('settings.update', { sources: { stripe: { secret: SECRETS.stripe } } });
    await section.getByRole('button', { name: 'Accept again' }).first().click();
    await page.getByText('Accepted: 1 recipe run was started.').waitFor();
    // The other one, accepted again from elsewhere (another window, the API), leaves this list by itself.
    const [other] = await api<{ id: number }[]>('relayed.refused');
    expect(await api('relayed.acceptAgain', { id: other!.id })).toMatchObject({ accepted: true });
    await page.getByRole('region', { name: 'Refused while this computer was away' }).waitFor({ state: 'detached' });
    await page.reload();
    // Both ran, each marked as kept by the relay.
    await page.getByTestId('activity-list').getByText('kept by your relay while away').nth(1).waitFor();
    expect(await page.getByRole('region', { name: 'Refused while this computer was away' }).count()).toBe(0);
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });
});
