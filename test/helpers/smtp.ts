import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  /** When the server accepted it, by the clock given to startSmtp (default Date.now). */
  receivedAt: number;
  from: string;
  to: string[];
  raw: string;
  subject: string;
  messageId: string;
  /** Header value by lower-case name. */
  header(name: string): string | undefined;
}

export interface TestSmtp {
  port: number;
  mails: ReceivedMail[];
  /** While down, every message is answered 451 (try again later), as a struggling server does. */
  down: boolean;
  /** While refusing, every recipient is answered 550 (a permanent refusal). */
  refuse: boolean;
  /** While throttling, every recipient is answered 450 4.7.1, a sending limit (as Gmail's 4.7.x). */
  throttle: boolean;
  /** Resolves when at least n mails have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

/** What every test mail server shares: plain SMTP on loopback, no auth, quick to close. */
const LOOPBACK_SERVER: SMTPServerOptions = {
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  // No DNS here: a reverse lookup of 127.0.0.1 would only add its timeout to every session.
  disableReverseLookup: true,
  // Hooktray keeps pooled connections open; close them at once when a test stops the server.
  closeTimeout: 50,
  logger: false,
};

/** A real SMTP server (the smtp-server package) on 127.0.0.1, keeping what it receives. */
export async function startSmtp(options: { port?: number; stamp?: () => number } = {}): Promise<TestSmtp> {
  const stamp = options.stamp ?? Date.now;
  const mails: ReceivedMail[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const state = { down: false, refuse: false, throttle: false };
  const server = new SMTPServer({
    ...LOOPBACK_SERVER,
    onRcptTo(_address, _session, callback) {
      if (state.down) {
        const error = Object.assign(new Error('Service temporarily unavailable, try again later'), { responseCode: 451 });
        return callback(error);
      }
      if (state.refuse) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      if (state.throttle) return callback(Object.assign(new Error('4.7.1 Too many messages from this sender, slow down'), { responseCode: 450 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push(
          parseMail(
            stamp(),
            raw,
            session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        for (const w of waiters.splice(0)) {
          if (mails.length >= w.n) w.resolve();
          else waiters.push(w);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client killed mid-session (the kill -9 tests) resets its connection, and smtp-server
  // reports that on the server: expected here, not an uncaught error in the test run.
  server.on('error', () => {});
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    get refuse() {
      return state.refuse;
    },
    set refuse(value: boolean) {
      state.refuse = value;
    },
    get throttle() {
      return state.throttle;
    },
    set throttle(value: boolean) {
      state.throttle = value;
    },
    waitFor(n, timeoutMs = 15_000) {
      if (mails.length >= n) return Promise.resolve(mails);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${n} mails, got ${mails.length}`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve(mails)) });
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A mail server that reads each message and never answers, as a hung relay does; it counts sessions that end. */
export async function startStallingSmtp(): Promise<{ port: number; state: { dataStarted: number; closed: number }; stop(): Promise<void> }> {
  const state = { dataStarted: 0, closed: 0 };
  const server = new SMTPServer({
    ...LOOPBACK_SERVER,
    onData(stream) {
      state.dataStarted++;
      stream.resume(); // read it all, answer nothing
    },
    onClose() {
      state.closed++;
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  server.on('error', () => {}); // clients hanging up on a server that never answers
  return { port: (server.server.address() as AddressInfo).port, state, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function parseMail(receivedAt: number, raw: string, from: string, to: string[]): ReceivedMail {
  const headerText = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const headers = new Map<string, string>();
  for (const line of headerText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return {
    receivedAt,
    from,
    to,
    raw,
    subject: decodeHeader(headers.get('subject') ?? ''),
    messageId: headers.get('message-id') ?? '',
    header: (name) => headers.get(name.toLowerCase()),
  };
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) well enough for assertions. */
function decodeHeader(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}
