import { z } from 'zod';
import type { SmtpSettings } from '../../../shared/config.ts';
import { ActionError, defineAction } from './action.ts';
import { mailProblem } from '../mail/mail-problems.ts';
import { toActionError } from './errors.ts';

const emailList = z.array(z.email('must be an email address like team@example.com')).min(1, 'add at least one address');

export const emailSettingsSchema = z.strictObject({
  to: emailList,
  cc: z.array(z.email()).optional(),
  replyTo: z.email().optional(),
});

/** Sends the recipe's subject/text/html templates through the owner's SMTP server. */
export const email = defineAction({
  id: 'email',
  title: 'Send an email',
  settings: emailSettingsSchema,
  async run(ctx) {
    const smtp = ctx.services.smtp();
    if (!smtp) throw new ActionError('permanent', 'Email sending is not set up yet: add your mail server in Settings → Email (SMTP).');
    const [subject, text, html] = await Promise.all([ctx.render('subject'), ctx.render('text'), ctx.render('html')]);
    try {
      const info = await (
        await ctx.services.mail.get(smtp)
      ).sendMail({
        from: smtp.from,
        to: ctx.settings.to,
        ...(ctx.settings.cc?.length ? { cc: ctx.settings.cc } : {}),
        ...(ctx.settings.replyTo ? { replyTo: ctx.settings.replyTo } : {}),
        subject: (ctx.test ? '[Test] ' : '') + (subject ?? ctx.event.summary).replace(/\s+/g, ' ').trim(),
        text: text ?? ctx.event.summary,
        ...(html ? { html } : {}),
        // One Message-ID per run: a retry after a lost answer is the same message to mail clients.
        messageId: `<run-${ctx.runId}@${ctx.services.installId}.hooktray>`,
        headers: { 'X-Hooktray-Run': String(ctx.runId) },
        // The runner's attempt timeout and a stop abort the send and drop its connection.
        signal: ctx.signal,
      });
      return { detail: `emailed ${ctx.settings.to.join(', ')}${info.response ? ` (${info.response.slice(0, 80)})` : ''}` };
    } catch (error) {
      throw loginNeedsEncryption(error, smtp) ?? inWords(error, smtp);
    }
  },
});

/**
 * A server that offers no STARTTLS (or refuses it) while a login is set: nodemailer was told to
 * require encryption (mail-transports.ts) and stopped before sending the password.
 */
function loginNeedsEncryption(error: unknown, smtp: SmtpSettings): ActionError | undefined {
  const e = error as { code?: string; command?: string } | undefined;
  if (e?.code !== 'ETLS' || e.command !== 'STARTTLS' || !smtp.user || smtp.allowUnencryptedLogin || smtp.requireTLS) return undefined;
  return new ActionError(
    'permanent',
    `The mail server ${smtp.host} offers no encryption (STARTTLS), so Hooktray did not send your mail password to it. Use the server's encrypted port (usually 465 with "Encrypted from the start" on, or 587); if the mail server runs on this computer, turn on "Allow login without encryption" in Settings → Email.`,
    { cause: error },
  );
}

/** nodemailer's connection errors ("ESOCKET", "EDNS") in words that name the server; retried or not as before. */
function inWords(error: unknown, smtp: SmtpSettings): ActionError {
  const classified = toActionError(error);
  const code = (error as { code?: string } | undefined)?.code;
  if (!code || !['ESOCKET', 'EDNS', 'ECONNECTION', 'ETIMEDOUT', 'EAUTH', 'ENOAUTH', 'ETLS'].includes(code)) return classified;
  return new ActionError(classified.kind, mailProblem(error, smtp).message, {
    cause: error,
    rateLimited: classified.rateLimited,
    ...(classified.retryAfterMs !== undefined ? { retryAfterMs: classified.retryAfterMs } : {}),
  });
}
