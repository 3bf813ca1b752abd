import { formatPath, type FieldName } from './field-issues.ts';
import { fieldWords, isSourceId, platform } from './sources.ts';

/** The mail server's fields as the window names them. */
export const SMTP_FIELD_WORDS: Readonly<Record<string, string>> = {
  host: 'the mail server',
  port: 'the port',
  secure: '"Encrypted from the start"',
  user: 'the user name',
  password: 'the password',
  from: '"Send as"',
  requireTLS: '"Never send without encryption"',
  allowUnencryptedLogin: '"Allow login without encryption"',
};

const TUNNEL_FIELD_WORDS: Readonly<Record<string, string>> = {
  host: 'the tunnel server',
  subdomain: 'the name in the address',
  fingerprint: "your relay's certificate fingerprint",
  provider: '"Reach me from the internet"',
};

/** "Stripe's", "Other app's" (a title's explanation in brackets left out). */
const possessive = (title: string) => `${title.replace(/\s*\(.*\)$/, '')}'s`;

/**
 * Where a value of the settings (or of settings.update) is in the window, and its name in
 * words: ["sources", "stripe", "secret"] → "Stripe's signing secret" at "sources.stripe.secret".
 */
export function settingsFieldName(path: readonly (string | number)[]): FieldName {
  const field = formatPath(path);
  const [top, id, key, sub] = path;
  if (top === 'smtp')
    return {
      field: 'smtp' + (typeof id === 'string' ? `.${id}` : ''),
      ...(typeof id === 'string' && SMTP_FIELD_WORDS[id] ? { subject: SMTP_FIELD_WORDS[id] } : { subject: 'the email settings' }),
    };
  if (top === 'tunnel' && typeof id === 'string') return { field, ...(TUNNEL_FIELD_WORDS[id] ? { subject: TUNNEL_FIELD_WORDS[id] } : {}) };
  if ((top === 'sources' || top === 'api') && typeof id === 'string' && isSourceId(id)) {
    const p = platform(id);
    // settings.update's `api` is sources.<id>.api in the file.
    const inApi = top === 'api' || key === 'api';
    const name = top === 'api' ? key : (sub ?? (key === 'api' ? undefined : key));
    const fields = inApi ? (p.api?.fields ?? []) : p.fields;
    const found = typeof name === 'string' ? fields.find((f) => f.key === name) : undefined;
    const at = `sources.${id}${inApi ? '.api' : ''}${found ? `.${found.key}` : ''}`;
    if (found) return { field: at, subject: `${possessive(p.title)} ${fieldWords(found)}` };
    return { field: at, subject: inApi ? `${possessive(p.title)} API access` : `${possessive(p.title)} settings` };
  }
  return { field };
}
