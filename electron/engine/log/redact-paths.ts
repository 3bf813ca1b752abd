import { PLATFORM_SECRET_KEYS } from '../../../shared/sources.ts';

/** How deep a secret may sit in a logged object: settings.sources.<id>.api.<key> is five levels. */
const DEPTH = 5;

/** Request headers that carry a credential or a signature. */
const HEADERS = [
  'authorization',
  'x-shopify-hmac-sha256',
  'stripe-signature',
  'x-wc-webhook-signature',
  'webhook-signature',
  'paypal-transmission-sig',
  'x-shopify-access-token',
  'x-zendesk-webhook-signature',
  'x-hooktray-secret',
];

/**
 * The keys recipes keep their secrets under (API tokens and keys, signing secrets), the mail
 * password and the relay's name keys. Listed rather than read from the recipe catalog, so the
 * logger loads in a moment in every command (the relay has no recipes); a test checks that every
 * secret field of the catalog is here.
 */
export const OTHER_SECRET_KEYS = [
  'password',
  'token',
  'apiKey',
  'secret',
  'clientSecret',
  'accessToken',
  'refreshToken',
  'authHeader',
  'authValue',
  'key',
  'nameKey',
  'nameKeys',
];

/** Every key a secret is kept under: each platform's secret values (shared/platforms.ts) and the keys above. */
export function secretKeys(): string[] {
  return [...new Set([...PLATFORM_SECRET_KEYS, ...OTHER_SECRET_KEYS])];
}

/** pino's redaction paths: each secret key at any depth up to DEPTH, and the credential headers wherever headers are logged. */
export function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of secretKeys()) for (let depth = 0; depth < DEPTH; depth++) paths.push(`${'*.'.repeat(depth)}${key}`);
  for (const header of HEADERS) paths.push(`headers["${header}"]`, `*.headers["${header}"]`);
  return paths;
}
