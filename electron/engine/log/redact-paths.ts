import { PLATFORM_SECRET_KEYS } from '../../../shared/sources.ts';
import { ACTION_SECRET_KEYS } from '../recipes/action-recipes.ts';
import { CATALOG } from '../recipes/catalog.ts';

/** How deep a secret may sit in a logged object: settings.sources.<id>.api.<key> is five levels. */
const DEPTH = 5;

/** Request headers that carry a credential or a signature. */
const HEADERS = ['authorization', 'x-shopify-hmac-sha256', 'stripe-signature', 'x-wc-webhook-signature', 'webhook-signature', 'paypal-transmission-sig', 'x-shopify-access-token', 'x-zendesk-webhook-signature', 'x-hooktray-secret'];

/**
 * Every key a secret is kept under: each platform's secret values (shared/platforms.ts), each
 * recipe's secret fields, the mail password, the relay's name keys. Derived, so a new secret
 * field is redacted too.
 */
export function secretKeys(): string[] {
  const recipeKeys = CATALOG.flatMap((recipe) => recipe.fields.filter((f) => f.kind === 'secret').map((f) => f.key));
  // nameKeys: the keys our relay gave for the tunnel names we hold (tunnel.nameKeys).
  return [...new Set([...PLATFORM_SECRET_KEYS, ...recipeKeys, ...ACTION_SECRET_KEYS, 'password', 'token', 'nameKey', 'nameKeys'])];
}

/** pino's redaction paths: each secret key at any depth up to DEPTH, and the credential headers wherever headers are logged. */
export function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of secretKeys()) for (let depth = 0; depth < DEPTH; depth++) paths.push(`${'*.'.repeat(depth)}${key}`);
  for (const header of HEADERS) paths.push(`headers["${header}"]`, `*.headers["${header}"]`);
  return paths;
}
