import { HooktrayError } from '../../../shared/errors.ts';
import { fieldWords, platform, type SourceId } from '../../../shared/sources.ts';

/**
 * A saved secret goes only to where it was saved for, as browsers keep a saved password to its
 * site: changing where it is sent (a mail server, a shop's address) without typing the secret
 * again would let whoever can change settings send the secret to a server of their own.
 */
export interface SecretDestination {
  /** The secrets sent there, with their names in the window. */
  secrets: Readonly<Record<string, string>>;
  /** The fields that say where they go, with their names in the window. */
  where: Readonly<Record<string, string>>;
}

export const SMTP_DESTINATION: SecretDestination = {
  secrets: { password: 'the password' },
  where: { host: 'the server', port: 'the port', user: 'the user name', allowUnencryptedLogin: 'login without encryption' },
};

/** A platform's catch-up credentials, when the owner types where they are sent (the others go to the platform's own host). */
export function apiDestination(id: SourceId): SecretDestination | undefined {
  const api = platform(id).api;
  if (!api?.sentTo) return undefined;
  const byKey = (keys: readonly string[]) => Object.fromEntries(api.fields.filter((f) => keys.includes(f.key)).map((f) => [f.key, `the ${fieldWords(f)}`]));
  return { secrets: byKey(api.fields.filter((f) => f.secret).map((f) => f.key)), where: byKey(api.sentTo) };
}

/** A value as compared: text without case or spaces; false and left out are the same (a switch that is off). */
const norm = (v: unknown) => (v === undefined || v === false ? '' : String(v).trim().toLowerCase());
const same = (a: unknown, b: unknown) => norm(a) === norm(b);

/**
 * Refuses a change that moves a saved secret to a new destination: `before` and `after` are the
 * stored values around the change, `retyped` the secrets the owner typed in it.
 */
export function checkSecretDestination(
  d: SecretDestination,
  before: Readonly<Record<string, unknown>> | undefined,
  after: Readonly<Record<string, unknown>>,
  retyped: (key: string) => boolean,
): void {
  if (!before) return;
  // An emptied field is no new destination (and is the settings check's to refuse).
  const moved = Object.keys(d.where).filter((key) => !same(before[key], after[key]) && norm(after[key]) !== '');
  if (!moved.length) return;
  const kept = Object.keys(d.secrets).filter((key) => after[key] !== undefined && after[key] === before[key] && !retyped(key));
  if (!kept.length) return;
  const what = kept.map((key) => d.secrets[key]).join(' and ');
  const changed = moved.map((key) => d.where[key]).join(' and ');
  throw new HooktrayError('invalid_request', `Type ${what} again: ${changed} changed, and Hooktray sends a saved secret only to where it was saved for.`);
}
