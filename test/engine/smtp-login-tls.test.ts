import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { SettingsInput } from '../../shared/config.ts';
import { startEngine } from '../helpers/engine.ts';

type SmtpSettingsInput = NonNullable<SettingsInput['smtp']>;
import { waitUntil } from '../helpers/wait.ts';

/** A real SMTP server that wants a login and offers no STARTTLS: a password would cross the network readable. */
async function plainServerWithLogin() {
  const logins: { user: string; password: string }[] = [];
  let mails = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    disableReverseLookup: true,
    closeTimeout: 50,
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ user: auth.username ?? '', password: auth.password ?? '' });
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        mails++;
        callback();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, logins, mails: () => mails };
}

async function sendTestEmail(smtp: SmtpSettingsInput) {
  const { engine } = await startEngine({ smtp, runner: { maxAttempts: 1 }, recipes: [{ recipe: 'generic-email', settings: { to: ['team@example.com'] } }] });
  const run = await engine.api['recipes.sendTest']({ id: 'generic-email' });
  return waitUntil(() => {
    const now = engine.state.runs.get(run.id)!;
    return now.status === 'succeeded' || now.status === 'failed' ? now : undefined;
  }, 'the test email run to finish');
}

describe('logging in to a mail server that offers no encryption', () => {
  it('sends no password and fails the run with what to do, unless the owner allows it', async () => {
    const server = await plainServerWithLogin();
    const smtp = { host: '127.0.0.1', port: server.port, user: 'shop', password: 'mail-password-123', from: 'Shop <shop@example.com>' };
    const refused = await sendTestEmail(smtp);
    expect(refused.status).toBe('failed');
    expect(refused.lastError).toMatch(
      /^The mail server 127\.0\.0\.1 offers no encryption \(STARTTLS\), so Hooktray did not send your mail password to it\. Use the server's encrypted port \(usually 465.*turn on "Allow login without encryption" in Settings → Email\.$/,
    );
    expect(server.logins).toEqual([]);
    expect(server.mails()).toBe(0);

    // The window's switch: saved with the other email settings, shown back, password kept.
    const { engine } = await startEngine({ smtp });
    const { password: _password, ...shown } = smtp;
    // Allowing it is a new way to send the saved password, so it is typed again.
    await expect(engine.api['settings.update']({ smtp: { ...shown, secure: false, allowUnencryptedLogin: true } })).rejects.toThrow('Type the password again');
    const masked = await engine.api['settings.update']({ smtp: { ...shown, secure: false, allowUnencryptedLogin: true, password: 'mail-password-123' } });
    expect(masked.smtp).toMatchObject({ allowUnencryptedLogin: true, passwordSet: true });
    expect(engine.currentSettings.smtp).toMatchObject({ allowUnencryptedLogin: true, password: 'mail-password-123' });

    const allowed = await sendTestEmail({ ...smtp, allowUnencryptedLogin: true });
    expect(allowed.status).toBe('succeeded');
    expect(server.logins).toEqual([{ user: 'shop', password: 'mail-password-123' }]);
    expect(server.mails()).toBe(1);
  });
});
