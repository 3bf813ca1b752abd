import type { SmtpSettings } from '../../../shared/config.ts';
import type { MailTestResult } from '../../../shared/mail-providers.ts';
import { smtpOptions } from '../actions/mail-transports.ts';
import { mailProblem } from './mail-problems.ts';

/**
 * Settings → Email's "Send test email": one message through the mail server as given (the form's
 * values, not yet saved), on its own connection so a pooled one cannot hide a wrong setting.
 * The answer is data, not an error: sent, or what went wrong in words that name the server.
 */
export async function sendTestEmail(smtp: SmtpSettings, to: string): Promise<MailTestResult> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({ ...smtpOptions(smtp), connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  try {
    const info = await transport.sendMail({
      from: smtp.from,
      to,
      subject: 'Hooktray test email',
      text: `This is a test from Hooktray: your shop's emails will be sent through ${smtp.host} as ${smtp.from}.\n\nNothing else to do.`,
    });
    return {
      sent: true,
      message: `Test email sent to ${to} through ${smtp.host}. Check that inbox (and its spam folder).`,
      ...(info.response ? { detail: info.response.slice(0, 120) } : {}),
    };
  } catch (error) {
    const problem = mailProblem(error, smtp);
    return { sent: false, problem: problem.kind, message: problem.message };
  } finally {
    transport.close();
  }
}

/** Connects and logs in (no message sent): what Save in Settings → Email checks after saving. */
export async function checkMailServer(smtp: SmtpSettings): Promise<MailTestResult> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({ ...smtpOptions(smtp), connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  try {
    await transport.verify();
    return { sent: false, message: `Hooktray reached ${smtp.host}${smtp.user ? ` and logged in as ${smtp.user}` : ''}: emails can go out.` };
  } catch (error) {
    const problem = mailProblem(error, smtp);
    return { sent: false, problem: problem.kind, message: problem.message };
  } finally {
    transport.close();
  }
}
