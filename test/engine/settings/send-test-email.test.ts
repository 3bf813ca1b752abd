import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it, onTestFinished } from 'vitest';
import { mailProblem } from '../../../electron/engine/mail/mail-problems.ts';
import { startEngine } from '../../helpers/engine.ts';
import { startSmtp } from '../../helpers/smtp.ts';
import { closedPort } from '../../helpers/closed-port.ts';

/** A real mail server that wants a login over plain SMTP and refuses every password. */
async function refusingLogins() {
  const passwords: string[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    disableReverseLookup: true,
    closeTimeout: 50,
    logger: false,
    onAuth: (auth, _session, callback) => (
      passwords.push(auth.password ?? ''),
      callback(Object.assign(new Error('5.7.8 Username and Password not accepted'), { responseCode: 535 }))
    ),
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, passwords };
}

const FROM = 'Berg Bakery <shop@berg-bakery.example>';

describe('Settings → Email: Send test email', () => {
  it('sends one message through the form’s server, and names the server and the cause when it cannot', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const { engine } = await startEngine({ paused: true });
    const send = (server: { host?: string; port: number; secure?: boolean; user?: string; password?: string; allowUnencryptedLogin?: boolean }) =>
      engine.api['mail.sendTest']({ to: 'anna@berg-bakery.example', smtp: { host: '127.0.0.1', secure: false, from: FROM, ...server } });

    const sent = await send({ port: smtp.port });
    expect(sent).toMatchObject({
      sent: true,
      message: `Test email sent to anna@berg-bakery.example through 127.0.0.1. Check that inbox (and its spam folder).`,
    });
    const [mail] = await smtp.waitFor(1);
    expect(mail).toMatchObject({ to: ['anna@berg-bakery.example'], subject: 'Hooktray test email' });

    // A closed port, and "Encrypted from the start" against a server that starts plain: both were "ESOCKET".
    const closed = await closedPort();
    expect(await send({ port: closed })).toEqual({
      sent: false,
      problem: 'refused',
      message: expect.stringMatching(
        new RegExp(`^The mail server 127\\.0\\.0\\.1 \\(port ${closed}\\) refused the connection: nothing answers on that port\\. Check the port`),
      ),
    });
    expect(await send({ port: smtp.port, secure: true })).toEqual({
      sent: false,
      problem: 'tls',
      message: `The mail server 127.0.0.1 (port ${smtp.port}) does not start with encryption, but "Encrypted from the start" is on. Turn it off for port 587 (or 25); only port 465 wants it on.`,
    });
    // A mistyped host was "EDNS".
    expect(await send({ host: 'smtp.no-such-host.invalid', port: 587 })).toEqual({
      sent: false,
      problem: 'host',
      message: 'There is no mail server called smtp.no-such-host.invalid: check its spelling (for example smtp.gmail.com).',
    });
    const { port: refusing } = await refusingLogins();
    const login = await send({ port: refusing, user: 'shop@berg-bakery.example', password: 'wrong', allowUnencryptedLogin: true });
    expect(login).toEqual({
      sent: false,
      problem: 'auth',
      message: `The mail server 127.0.0.1 (port ${refusing}) refused the login for shop@berg-bakery.example. Check the user name (usually your full email address) and the password.`,
    });
    for (const answer of [login, sent]) expect(answer.message).not.toMatch(/ESOCKET|EDNS|EAUTH/);
    expect(smtp.mails).toHaveLength(1);
  });

  it('uses the saved password when the form leaves it empty, and says there is nothing to test before setup', async () => {
    const { engine } = await startEngine({ paused: true });
    await expect(engine.api['mail.sendTest']({ to: 'anna@berg-bakery.example' })).rejects.toThrow('There is no mail server to test yet');
    const { port: refusing, passwords } = await refusingLogins();
    const { engine: saved } = await startEngine({
      paused: true,
      smtp: { host: '127.0.0.1', port: refusing, user: 'shop', password: 'saved-secret', from: FROM, allowUnencryptedLogin: true },
    });
    const answer = await saved.api['mail.sendTest']({
      to: 'anna@berg-bakery.example',
      smtp: { host: '127.0.0.1', port: refusing, secure: false, user: 'shop', password: '', from: FROM, allowUnencryptedLogin: true },
    });
    expect(answer.problem).toBe('auth');
    expect(passwords).toEqual(['saved-secret']);
    // Save's check: connect and log in with the saved settings, sending nothing.
    expect(await saved.api['mail.check']({})).toMatchObject({ sent: false, problem: 'auth' });
    expect(passwords).toEqual(['saved-secret', 'saved-secret']);
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const { engine: good } = await startEngine({ paused: true, smtp: { host: '127.0.0.1', port: smtp.port, from: FROM } });
    expect(await good.api['mail.check']({})).toEqual({ sent: false, message: 'Hooktray reached 127.0.0.1: emails can go out.' });
    expect(smtp.mails).toEqual([]);
  });

  it('tells Gmail, Microsoft and iCloud users that an App Password is wanted, with where to make one', () => {
    const refused = Object.assign(new Error('Invalid login: 535-5.7.8 Username and Password not accepted'), { code: 'EAUTH', responseCode: 535 });
    expect(mailProblem(refused, { host: 'smtp.gmail.com', port: 465, secure: true, user: 'berg@gmail.com' }).message).toBe(
      "The mail server smtp.gmail.com (port 465) refused the login for berg@gmail.com. Gmail wants an App Password here, not your account's password: make one at https://myaccount.google.com/apppasswords.",
    );
    expect(mailProblem(refused, { host: 'smtp.mail.me.com', port: 587, secure: false }).message).toContain('iCloud Mail wants an App Password');
    const silent = Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' });
    expect(mailProblem(silent, { host: 'smtp.example.com', port: 465, secure: false }).message).toBe(
      'The mail server smtp.example.com (port 465) waits for an encrypted connection: port 465 wants "Encrypted from the start" on.',
    );
  });
});
