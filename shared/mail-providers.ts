/**
 * The mail providers most shop owners send from, as data: which addresses (or which domains'
 * MX records) belong to each, and its outgoing server, as their help pages give them. Email
 * setup starts from the owner's address and looks here first; DNS SRV records (RFC 6186) and the
 * domain's autoconfig document come next (electron/engine/mail/mail-setup.ts).
 */
export interface MailServer {
  host: string;
  port: number;
  /** TLS from the start (465); false: STARTTLS (587). */
  secure: boolean;
}

export interface MailProvider {
  id: string;
  name: string;
  /** Address domains that are this provider's own. */
  domains: readonly string[];
  /** MX host suffixes that show a domain's mail is hosted here (Google Workspace, Microsoft 365). */
  mx?: readonly string[];
  smtp: MailServer;
  /** How to make the App Password this provider wants instead of the account's password: two lines and the page. */
  appPassword?: { steps: readonly [string, string]; link: string };
  /** Anything else the owner must know, in one sentence. */
  note?: string;
}

const GOOGLE_APP_PASSWORD = {
  steps: [
    'Turn on 2-Step Verification in your Google Account (Security).',
    'Open App passwords, make one called "Hooktray" and paste its 16 letters here as the password.',
  ],
  link: 'https://myaccount.google.com/apppasswords',
} as const;

const MICROSOFT_APP_PASSWORD = {
  steps: [
    'Turn on two-step verification in your Microsoft account (Security → Advanced security options).',
    'Under "App passwords", create a new one and paste it here as the password.',
  ],
  link: 'https://account.microsoft.com/security',
} as const;

export const MAIL_PROVIDERS: readonly MailProvider[] = [
  {
    id: 'gmail',
    name: 'Gmail',
    domains: ['gmail.com', 'googlemail.com'],
    smtp: { host: 'smtp.gmail.com', port: 465, secure: true },
    appPassword: GOOGLE_APP_PASSWORD,
  },
  {
    id: 'google-workspace',
    name: 'Google Workspace',
    domains: [],
    mx: ['google.com', 'googlemail.com'],
    smtp: { host: 'smtp.gmail.com', port: 465, secure: true },
    appPassword: GOOGLE_APP_PASSWORD,
  },
  {
    id: 'outlook',
    name: 'Outlook.com',
    domains: [
      'outlook.com',
      'hotmail.com',
      'live.com',
      'msn.com',
      'outlook.de',
      'outlook.fr',
      'outlook.es',
      'outlook.it',
      'hotmail.co.uk',
      'hotmail.fr',
      'hotmail.de',
      'hotmail.it',
      'hotmail.es',
      'live.co.uk',
      'live.fr',
      'live.de',
      'live.nl',
    ],
    smtp: { host: 'smtp-mail.outlook.com', port: 587, secure: false },
    appPassword: MICROSOFT_APP_PASSWORD,
  },
  {
    id: 'microsoft-365',
    name: 'Microsoft 365',
    domains: [],
    mx: ['mail.protection.outlook.com'],
    smtp: { host: 'smtp.office365.com', port: 587, secure: false },
    appPassword: MICROSOFT_APP_PASSWORD,
    note: 'Your Microsoft 365 administrator may need to allow "Authenticated SMTP" for this mailbox first.',
  },
  {
    id: 'yahoo',
    name: 'Yahoo Mail',
    domains: ['yahoo.com', 'ymail.com', 'rocketmail.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.it', 'yahoo.es', 'yahoo.ca', 'yahoo.com.au'],
    smtp: { host: 'smtp.mail.yahoo.com', port: 465, secure: true },
    appPassword: {
      steps: ['Open Account security in your Yahoo account.', 'Choose "Generate app password", name it "Hooktray" and paste it here as the password.'],
      link: 'https://login.yahoo.com/account/security',
    },
  },
  {
    id: 'aol',
    name: 'AOL Mail',
    domains: ['aol.com', 'aim.com'],
    smtp: { host: 'smtp.aol.com', port: 465, secure: true },
    appPassword: {
      steps: ['Open Account security in your AOL account.', 'Choose "Generate app password", name it "Hooktray" and paste it here as the password.'],
      link: 'https://login.aol.com/account/security',
    },
  },
  {
    id: 'icloud',
    name: 'iCloud Mail',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    mx: ['mail.icloud.com'],
    smtp: { host: 'smtp.mail.me.com', port: 587, secure: false },
    appPassword: {
      steps: [
        'Sign in to your Apple Account and open Sign-In and Security → App-Specific Passwords.',
        'Make one called "Hooktray" and paste it here as the password.',
      ],
      link: 'https://account.apple.com',
    },
  },
  {
    id: 'zoho',
    name: 'Zoho Mail',
    domains: ['zoho.com', 'zohomail.com'],
    mx: ['zoho.com'],
    smtp: { host: 'smtp.zoho.com', port: 465, secure: true },
    note: 'With two-factor sign-in on, use an application-specific password from Zoho Accounts → Security.',
  },
  {
    id: 'zoho-eu',
    name: 'Zoho Mail (EU)',
    domains: ['zoho.eu', 'zohomail.eu'],
    mx: ['zoho.eu'],
    smtp: { host: 'smtp.zoho.eu', port: 465, secure: true },
    note: 'With two-factor sign-in on, use an application-specific password from Zoho Accounts → Security.',
  },
  {
    id: 'fastmail',
    name: 'Fastmail',
    domains: ['fastmail.com', 'fastmail.fm', 'fastmail.net', 'fastmail.org', 'fastmail.us', 'fastmail.uk'],
    mx: ['messagingengine.com'],
    smtp: { host: 'smtp.fastmail.com', port: 465, secure: true },
    note: 'Fastmail wants an app password: Settings → Privacy & Security → App passwords.',
  },
  {
    id: 'gmx',
    name: 'GMX',
    domains: ['gmx.com', 'gmx.us', 'gmx.co.uk'],
    smtp: { host: 'mail.gmx.com', port: 587, secure: false },
    note: 'Turn on "POP3 and IMAP access" in your GMX settings first.',
  },
  {
    id: 'gmx-de',
    name: 'GMX',
    domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'],
    smtp: { host: 'mail.gmx.net', port: 587, secure: false },
    note: 'Turn on "POP3/IMAP Abruf" (POP3 and IMAP access) in your GMX settings first.',
  },
  {
    id: 'webde',
    name: 'WEB.DE',
    domains: ['web.de'],
    smtp: { host: 'smtp.web.de', port: 587, secure: false },
    note: 'Turn on "POP3/IMAP Abruf" in your WEB.DE settings first.',
  },
  { id: 'mailcom', name: 'mail.com', domains: ['mail.com', 'email.com', 'usa.com', 'post.com'], smtp: { host: 'smtp.mail.com', port: 587, secure: false } },
  { id: 'ionos', name: 'IONOS', domains: [], mx: ['ionos.com'], smtp: { host: 'smtp.ionos.com', port: 587, secure: false } },
  { id: 'ionos-de', name: 'IONOS', domains: [], mx: ['ionos.de', 'kundenserver.de'], smtp: { host: 'smtp.ionos.de', port: 587, secure: false } },
  { id: 'ionos-uk', name: 'IONOS', domains: [], mx: ['ionos.co.uk'], smtp: { host: 'smtp.ionos.co.uk', port: 587, secure: false } },
  {
    id: 'yandex',
    name: 'Yandex Mail',
    domains: ['yandex.com', 'yandex.ru'],
    mx: ['yandex.net', 'yandex.ru'],
    smtp: { host: 'smtp.yandex.com', port: 465, secure: true },
    note: 'Yandex wants an app password: Yandex ID → Security → App passwords.',
  },
  { id: 'comcast', name: 'Xfinity (Comcast)', domains: ['comcast.net'], smtp: { host: 'smtp.comcast.net', port: 587, secure: false } },
  {
    id: 'proton',
    name: 'Proton Mail',
    domains: ['proton.me', 'protonmail.com', 'pm.me'],
    smtp: { host: 'smtp.protonmail.ch', port: 587, secure: false },
    note: 'Proton Mail sends from other apps only with an SMTP token (paid plans: Settings → IMAP/SMTP) or Proton Mail Bridge.',
  },
];

/** The domain of an address, lower-case: "Shop@Gmail.com" → "gmail.com". */
export function addressDomain(address: string): string | undefined {
  const at = address.trim().lastIndexOf('@');
  const domain =
    at > 0
      ? address
          .trim()
          .slice(at + 1)
          .toLowerCase()
          .replace(/\.$/, '')
      : '';
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(domain) ? domain : undefined;
}

/** The provider whose own addresses these are (gmail.com → Gmail). */
export function providerForDomain(domain: string): MailProvider | undefined {
  return MAIL_PROVIDERS.find((p) => p.domains.includes(domain));
}

/** The provider that hosts a domain's mail, by one of its MX hosts (aspmx.l.google.com → Google Workspace). */
export function providerForMx(mxHost: string): MailProvider | undefined {
  const host = mxHost.toLowerCase().replace(/\.$/, '');
  return MAIL_PROVIDERS.find((p) => p.mx?.some((suffix) => host === suffix || host.endsWith(`.${suffix}`)));
}

/** The provider a mail server belongs to (smtp.gmail.com → Gmail), for the advice after a refused login. */
export function providerForServer(host: string): MailProvider | undefined {
  const h = host.trim().toLowerCase();
  return MAIL_PROVIDERS.find((p) => p.smtp.host === h);
}

/** What email setup found for an address: the server to send through, and from where it knows. */
export interface MailSetup {
  address: string;
  /** A provider Hooktray knows, its MX records, the domain's SRV records (RFC 6186), its autoconfig document, or nothing. */
  found: 'provider' | 'mx' | 'srv' | 'autoconfig' | 'none';
  /** Where it came from, in words: "Gmail", "the DNS records of berg-bakery.example". */
  from: string;
  /** The server, and the user name to log in with (the address itself, unless the domain says otherwise). */
  smtp?: MailServer & { user: string };
  provider?: Pick<MailProvider, 'id' | 'name' | 'appPassword' | 'note'>;
}

/** Send test email's answer: sent, or what went wrong, in words that name the server. */
export interface MailTestResult {
  sent: boolean;
  message: string;
  /** What kind of trouble, for the window's hints: refused, tls, no-greeting, auth, host, timeout… */
  problem?: string;
  /** The server's own answer to the message, when sent. */
  detail?: string;
}
