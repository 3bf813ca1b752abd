import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { RENDERER_DIST } from '../../electron/cli/dashboard.ts';
import { seriousViolations } from '../helpers/page-checks.ts';
import { browserTests, CHROMIUM, launchChromium, SCREENSHOTS } from '../helpers/browser.ts';
import { spawnServe } from '../helpers/cli.ts';
import { closedPort } from '../helpers/closed-port.ts';
import { startDnsServer } from '../helpers/dns-server.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const browser = browserTests({ chromium: CHROMIUM, renderer: join(RENDERER_DIST, 'index.html') });

async function openEmailSettings(env: NodeJS.ProcessEnv = {}) {
  const serve = await spawnServe(tempDir(), [], { env });
  onTestFinished(async () => {
    serve.child.kill('SIGTERM');
    await serve.exited;
  });
  const { page, errors } = await launchChromium();
  await page.goto(serve.ready.dashboard!);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Your email address', { exact: true }).waitFor();
  return { page, errors };
}

describe.skipIf(browser.skip)('Settings → Email in real Chromium', () => {
  beforeAll(browser.check);

  it('fills the server from the address: Gmail and Outlook.com from the table, a shop’s own domain from its SRV records on a test DNS server', async () => {
    const dns = await startDnsServer({ srv: { '_submission._tcp.berg-bakery.example': [{ priority: 10, port: 587, target: 'mail.berg-bakery.example' }] } });
    const { page, errors } = await openEmailSettings({ HOOKTRAY_DNS_SERVERS: dns.server });
    const address = page.getByLabel('Your email address', { exact: true });
    const host = page.getByTestId('smtp-host');

    await address.fill('berg.bakery@gmail.com');
    await address.press('Tab');
    await page.getByTestId('mail-found').getByText('Found the settings from Gmail').waitFor();
    expect(await host.inputValue()).toBe('smtp.gmail.com');
    expect(await page.getByTestId('smtp-port').inputValue()).toBe('465');
    expect(await page.getByTestId('smtp-secure').isChecked()).toBe(true);
    expect(await page.getByTestId('smtp-user').inputValue()).toBe('berg.bakery@gmail.com');
    expect(await page.getByTestId('smtp-from').inputValue()).toBe('berg.bakery@gmail.com');
    // Two lines on the App Password, with the page to make it; the password field says which one.
    const help = page.getByTestId('app-password-help');
    expect(await help.locator('li').count()).toBe(2);
    expect(await help.getByRole('link').getAttribute('href')).toBe('https://myaccount.google.com/apppasswords');
    await page.getByLabel('App Password', { exact: true }).waitFor();
    // The server fields stay folded: the owner types an address and a password, nothing else.
    expect(await host.isVisible()).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'settings-email-gmail.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await address.fill('Berg.Bakery@Outlook.com');
    await address.press('Enter');
    await page.getByTestId('mail-found').getByText('Found the settings from Outlook.com').waitFor();
    expect(await host.inputValue()).toBe('smtp-mail.outlook.com');
    expect(await page.getByTestId('smtp-port').inputValue()).toBe('587');
    expect(await page.getByTestId('smtp-secure').isChecked()).toBe(false);
    expect(await page.getByTestId('app-password-help').getByRole('link').getAttribute('href')).toBe('https://account.microsoft.com/security');

    await address.fill('anna@berg-bakery.example');
    await page.getByRole('button', { name: 'Find settings' }).click();
    await page.getByTestId('mail-found').getByText('Found the settings from the DNS records of berg-bakery.example').waitFor();
    expect(await host.inputValue()).toBe('mail.berg-bakery.example');
    expect(await page.getByTestId('smtp-port').inputValue()).toBe('587');
    expect(await page.getByTestId('app-password-help').count()).toBe(0);
    expect(dns.questions).toContain('SRV _submission._tcp.berg-bakery.example');

    // Saved as found: a later visit shows the server in the folded settings' summary.
    await page.getByTestId('smtp-save').click();
    await page.getByText('Email settings saved.').waitFor();
    // Save then reaches for the server: this one exists only in the test's DNS records, so it is told plainly.
    await page.getByTestId('smtp-check').getByText('There is no mail server called mail.berg-bakery.example').waitFor();
    await page.reload();
    await page.getByTestId('smtp-manual').getByText('mail.berg-bakery.example, port 587').waitFor();
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  }, 60_000);

  it('Send test email names the server and the cause: a refused port, a TLS mismatch; then it arrives', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const closed = await closedPort();
    const { page } = await openEmailSettings();
    await page.getByTestId('smtp-manual').click();
    await page.getByTestId('smtp-host').fill('127.0.0.1');
    await page.getByTestId('smtp-port').fill(String(closed));
    await page.getByTestId('smtp-from').fill('Berg Bakery <shop@berg-bakery.example>');
    await page.getByLabel('Send it to', { exact: true }).fill('anna@berg-bakery.example');
    const send = page.getByRole('button', { name: 'Send test email' });
    const result = page.getByTestId('mail-test-result');

    await send.click();
    await result.getByText(`The mail server 127.0.0.1 (port ${closed}) refused the connection`).waitFor();
    expect(await result.getAttribute('role')).toBe('alert');

    await page.getByTestId('smtp-port').fill(String(smtp.port));
    await page.getByTestId('smtp-secure').check();
    await send.click();
    await result.getByText(`The mail server 127.0.0.1 (port ${smtp.port}) does not start with encryption, but "Encrypted from the start" is on`).waitFor();
    expect(await result.textContent()).not.toMatch(/ESOCKET|EDNS/);
    await page.screenshot({ path: join(SCREENSHOTS, 'settings-email-tls-mismatch.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('smtp-secure').uncheck();
    await send.click();
    await result.getByText('Test email sent to anna@berg-bakery.example through 127.0.0.1.').waitFor();
    const [mail] = await smtp.waitFor(1);
    expect(mail).toMatchObject({ to: ['anna@berg-bakery.example'], subject: 'Hooktray test email' });
  }, 60_000);
});
