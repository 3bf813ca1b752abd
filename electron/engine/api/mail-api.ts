import type { ApiHandlers } from '../../../shared/contract.ts';
import { HooktrayError } from '../../../shared/errors.ts';
import type { MailSetupDeps } from '../mail/mail-setup.ts';
import { checkMailServer, sendTestEmail } from '../mail/test-email.ts';
import type { EngineCore } from './engine-core.ts';

/** Email setup and Send test email: the two operations of Settings → Email that talk to the network. */
export function mailHandlers(engine: EngineCore): Pick<ApiHandlers, 'mail.setup' | 'mail.sendTest' | 'mail.check'> {
  let deps: MailSetupDeps | undefined;
  return {
    async 'mail.setup'({ address }) {
      // Loaded when the owner first sets up email, not at every start: its XML parser and DNS
      // resolver would sit in an idle Hooktray's memory all day for a screen used once.
      const { findMailSetup, mailResolver } = await import('../mail/mail-setup.ts');
      deps ??= { resolver: mailResolver(), fetch: globalThis.fetch, ...engine.options.mailLookup };
      return findMailSetup(address, deps);
    },
    async 'mail.sendTest'({ to, smtp }) {
      const saved = engine.currentSettings.smtp;
      const server = smtp ?? saved;
      if (!server) throw new HooktrayError('invalid_request', 'There is no mail server to test yet: type your email address (or the server settings) first.');
      // An empty password in the form keeps the saved one, as Save does.
      const password = smtp && !smtp.password ? saved?.password : server.password;
      return sendTestEmail({ ...server, ...(password ? { password } : {}) }, to);
    },
    async 'mail.check'() {
      const saved = engine.currentSettings.smtp;
      if (!saved) throw new HooktrayError('invalid_request', 'There is no mail server to check yet: type your email address (or the server settings) first.');
      return checkMailServer(saved);
    },
  };
}
